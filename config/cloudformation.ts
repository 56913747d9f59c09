// The few CloudFormation shapes the builder writes, typed loosely: CloudFormation checks the rest
// (and test/delivery checks every template against AWS's resource specification).
export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any CloudFormation property
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: unknown;
}

export type Resources = Record<string, CfnResource>;

export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
