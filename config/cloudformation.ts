// The few CloudFormation shapes the builder writes, typed loosely: CloudFormation checks the rest
// (and test/delivery checks every template against AWS's resource specification). A resource's properties
// are `unknown` until read: the readers below narrow the two kinds whose properties the tools look into.
import type { IamStatement } from '../shared/http/route';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: unknown;
}

export type Resources = Record<string, CfnResource>;

export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

interface KeyElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

interface SecondaryIndex {
  IndexName: string;
  KeySchema: KeyElement[];
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
  ProvisionedThroughput?: unknown;
}

/** What is read of an AWS::DynamoDB::Table's properties (resources/<service>.yml, then config/tables.ts). */
export interface TableProperties {
  TableName?: string;
  AttributeDefinitions?: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  KeySchema?: KeyElement[];
  GlobalSecondaryIndexes?: SecondaryIndex[];
  LocalSecondaryIndexes?: SecondaryIndex[];
  StreamSpecification?: { StreamViewType?: string };
  TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean };
  [name: string]: unknown;
}

/** What is read of an AWS::IAM::Role's properties (config/functions.ts writes one inline policy per role). */
export interface RoleProperties {
  Policies?: { PolicyName: string; PolicyDocument: { Version: string; Statement: IamStatement[] } }[];
  [name: string]: unknown;
}

/** The properties of a table resource; undefined for anything else. */
export const tableProperties = (resource: CfnResource | undefined): TableProperties | undefined =>
  resource?.Type === 'AWS::DynamoDB::Table' ? (resource.Properties as TableProperties | undefined) : undefined;

/** The statements of a role's inline policy; none for anything else. */
export const roleStatements = (resource: CfnResource | undefined): IamStatement[] =>
  resource?.Type === 'AWS::IAM::Role' ? ((resource.Properties as RoleProperties | undefined)?.Policies?.[0]?.PolicyDocument.Statement ?? []) : [];
