// The functions serverless.yml deploys, one per route spec (shared/<service>/routes.ts), nothing written twice:
//   name      the route's `functionName`, else its operationId
//   handler   functions/<service>/<name in kebab case>.handler   (the one convention for where a handler lives)
//   event     its method and path as an httpApi route; `catchAll` routes are API Gateway's $default route
//   role      its own, granting its log group, exactly the DynamoDB access its `data` declares, its raw `iam`
//             statements, and X-Ray in stages that trace
//   settings  its environment (config/environment.ts), its timeout (10 s unless `lambda` says otherwise) and the
//             other Lambda settings it declares (`lambda`)
// and one per stream consumer spec (shared/<service>/consumers.ts, see shared/streams/consumer.ts), the same way,
// with a stream event instead of the httpApi one:
//   event     the table's stream, filtered to the records it declares, its batch size and retries, partial batch
//             responses, and its dead-letter queue as the on-failure destination
//   role      its log group, reading that one stream, its `data`, sending only to its own dead-letter queue, and
//             (`sendsEmail`) SES SendEmail only as the stage's identity and from the stage's sender
import type { DataAccess, IamStatement, LambdaSettings, RouteSpec } from '../shared/http/route';
import { PARTITION_KEY, type StreamConsumerSpec } from '../shared/streams/consumer';
import { pascal, type CfnResource, type Resources } from './cloudformation';
import type { EnvironmentBuilder } from './environment';
import { tableLogicalId } from './tables';

/** The stream event of a consumer, as serverless.yml's `stream` event takes it. */
export interface StreamEvent {
  type: 'dynamodb';
  arn: unknown;
  startingPosition: 'TRIM_HORIZON';
  batchSize: number;
  maximumRetryAttempts: number;
  bisectBatchOnFunctionError: boolean;
  functionResponseType: 'ReportBatchItemFailures';
  destinations: { onFailure: { arn: unknown; type: 'sqs' } };
  filterPatterns: Record<string, unknown>[];
}

export interface FunctionDefinition {
  handler: string;
  description: string;
  events: ({ httpApi: '*' } | { httpApi: { method: string; path: string } } | { stream: StreamEvent })[];
  role: string;
  environment: Record<string, string>;
  timeout: number;
  memorySize?: number;
  package?: { patterns: string[] };
}

/** What a function is generated from: a route spec or a stream consumer spec. */
export type FunctionSpec = RouteSpec | StreamConsumerSpec;
export const isConsumer = (spec: FunctionSpec): spec is StreamConsumerSpec => 'stream' in spec;

export const functionNameOf = (spec: FunctionSpec): string => (isConsumer(spec) ? spec.functionName : (spec.functionName ?? spec.operationId));
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
/** Where the handler of a function lives: `functions/users/get-user.ts`, exporting `handler`. */
export const handlerFileOf = (spec: FunctionSpec): string => `functions/${spec.service}/${kebab(functionNameOf(spec))}.ts`;

/** A function that calls another service (DynamoDB, or AWS APIs through `iam`): only those trace their calls. */
export const callsDownstream = (spec: FunctionSpec): boolean =>
  Boolean(spec.data?.length || (isConsumer(spec) ? spec.sendsEmail : spec.iam?.length));

function dataStatement({ table, actions, index, leadingKeys }: DataAccess): IamStatement {
  const tableArn = { 'Fn::GetAtt': [tableLogicalId(table), 'Arn'] };
  const resource = index ? { 'Fn::Join': ['/', [tableArn, 'index', index]] } : tableArn;
  const statement: IamStatement = { Effect: 'Allow', Action: actions.map((action) => `dynamodb:${action}`), Resource: [resource] };
  if (leadingKeys) {
    const operator = leadingKeys.some((key) => key.includes('*')) ? 'ForAllValues:StringLike' : 'ForAllValues:StringEquals';
    statement.Condition = { [operator]: { 'dynamodb:LeadingKeys': [...leadingKeys] } };
  }
  return statement;
}

/** Who the stage's emails come from, and the SES identity they are sent as (config/stages/<stage>.yml). */
export interface EmailIdentity {
  sender: string;
  sesIdentity: string;
}

/** What a consumer's role grants beyond its `data`: its stream, its dead-letter queue, and SES as the stage's identity. */
function consumerStatements(consumer: StreamConsumerSpec, email: EmailIdentity): IamStatement[] {
  const statements: IamStatement[] = [
    {
      // What Lambda's event source mapping calls to read the stream, on that stream only.
      Effect: 'Allow',
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
      Resource: [{ 'Fn::GetAtt': [tableLogicalId(consumer.stream.table), 'StreamArn'] }],
    },
    { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': [consumer.stream.deadLetterQueue, 'Arn'] }] },
  ];
  if (consumer.sendsEmail) {
    statements.push({
      Effect: 'Allow',
      Action: ['ses:SendEmail'],
      Resource: [{ 'Fn::Join': [':', ['arn:aws:ses', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, `identity/${email.sesIdentity}`]] }],
      Condition: { StringEquals: { 'ses:FromAddress': email.sender } },
    });
  }
  return statements;
}

/** The stream event of a consumer: its filter on the new image's partition key, retries, and dead-letter queue. */
function streamEventOf({ stream }: StreamConsumerSpec): StreamEvent {
  return {
    type: 'dynamodb',
    arn: { 'Fn::GetAtt': [tableLogicalId(stream.table), 'StreamArn'] },
    // From the oldest record the stream keeps: a mapping created (or re-created) after writes misses none.
    startingPosition: 'TRIM_HORIZON',
    batchSize: stream.batchSize,
    maximumRetryAttempts: stream.maximumRetryAttempts,
    bisectBatchOnFunctionError: stream.bisectBatchOnFunctionError,
    functionResponseType: 'ReportBatchItemFailures',
    destinations: { onFailure: { arn: { 'Fn::GetAtt': [stream.deadLetterQueue, 'Arn'] }, type: 'sqs' } },
    filterPatterns: [
      {
        eventName: [...stream.filter.eventNames],
        dynamodb: { NewImage: { [PARTITION_KEY]: { S: [{ prefix: stream.filter.partitionKeyPrefix }] } } },
      },
    ],
  };
}

function roleOf(functionName: string, own: IamStatement[], tracing: boolean): CfnResource {
  const statements: IamStatement[] = [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [
        {
          'Fn::Join': [':', ['arn:aws:logs', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, `log-group:/aws/lambda/${functionName}:*`]],
        },
      ],
    },
    ...own,
  ];
  if (tracing) {
    // X-Ray's write actions support no resource-level scoping: "*" is the only valid resource.
    statements.push({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' });
  }
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
      },
      Policies: [{ PolicyName: `${functionName}-policy`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}

/** What invokes the function, and the description that says so. */
function triggerOf(spec: FunctionSpec): Pick<FunctionDefinition, 'description' | 'events'> {
  if (isConsumer(spec)) return { description: `The ${spec.stream.table} table's stream: ${spec.summary}`, events: [{ stream: streamEventOf(spec) }] };
  if (spec.catchAll) return { description: `Every request no route matches: ${spec.summary}`, events: [{ httpApi: '*' }] };
  return { description: `${spec.method} ${spec.path}: ${spec.summary}`, events: [{ httpApi: { method: spec.method, path: spec.path } }] };
}

/** A function's Lambda timeout when its spec sets none (`lambda.timeoutSeconds`). */
export const DEFAULT_TIMEOUT_SECONDS = 10;
export const timeoutSecondsOf = (spec: Pick<FunctionSpec, 'lambda'>): number => spec.lambda?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;

const lambdaSettingsOf = ({ memoryMb, files }: LambdaSettings = {}) => ({
  ...(memoryMb ? { memorySize: memoryMb } : {}),
  ...(files ? { package: { patterns: [...files] } } : {}),
});

export interface FunctionsInput {
  routes: RouteSpec[];
  consumers: StreamConsumerSpec[];
  prefix: string;
  tracing: boolean;
  email: EmailIdentity;
  environment: EnvironmentBuilder;
}

/** The functions of these routes and consumers, and the role of each. */
export function functionsOf({ routes, consumers, prefix, tracing, email, environment }: FunctionsInput) {
  const functions: Record<string, FunctionDefinition> = {};
  const roles: Resources = {};
  for (const spec of [...routes, ...consumers]) {
    const name = functionNameOf(spec);
    if (functions[name]) throw new Error(`Two routes or consumers deploy a function named ${name}: give one a functionName`);
    const roleId = `${pascal(name)}Role`;
    const data = (spec.data ?? []).map(dataStatement);
    const own = isConsumer(spec) ? [...data, ...consumerStatements(spec, email)] : [...data, ...(spec.iam ?? [])];
    roles[roleId] = roleOf(`${prefix}-${name}`, own, tracing);
    functions[name] = {
      handler: handlerFileOf(spec).replace(/\.ts$/, '.handler'),
      ...triggerOf(spec),
      role: roleId,
      environment: environment.of(name, spec),
      timeout: timeoutSecondsOf(spec),
      ...lambdaSettingsOf(spec.lambda),
    };
  }
  return { functions, roles };
}
