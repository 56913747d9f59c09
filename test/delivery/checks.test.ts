// The template checks must fail when they should: each rule of test/delivery/stack.ts and of the
// CloudFormation specification check, held against a template or code that breaks it.
import { lintTemplate } from '../../scripts/lint-templates';
import { checkRole, dynamoUsage, packageOfSource, type Template, usageInCode } from './stack';

const logs = (functionName: string) => ({
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: [{ 'Fn::Join': [':', ['arn:aws:logs', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, `log-group:/aws/lambda/${functionName}:*`]] }],
});
const xray = { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' };
const fn = (tracing = true) => ({ Properties: { FunctionName: 'svc-getUser', ...(tracing ? { TracingConfig: { Mode: 'Active' } } : {}) } });
const role = (...statements: object[]) => ({ Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyDocument: { Statement: [logs('svc-getUser'), ...statements] } }] } });
const template: Template = {
  Resources: {
    UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: { GlobalSecondaryIndexes: [{ IndexName: 'byName' }] } },
    Other: { Type: 'AWS::SQS::Queue' },
  },
};
const usersArn = { 'Fn::GetAtt': ['UsersTable', 'Arn'] };
const problemsOf = (...statements: object[]) => checkRole(fn(), role(...statements, xray), template).problems;

describe('the IAM rules', () => {
  it('accept a role with its own log group, X-Ray and one action on one table and its index', () => {
    const statement = { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [usersArn, { 'Fn::Join': ['/', [usersArn, 'index', 'byName']] }] };
    const { problems, dynamo } = checkRole(fn(), role(statement, xray), template);
    expect(problems).toEqual([]);
    expect([...dynamo.actions]).toEqual(['dynamodb:Query']);
    expect([...dynamo.indexes]).toEqual(['UsersTable/byName']);
  });

  it('reject a wildcard action', () => {
    expect(problemsOf({ Effect: 'Allow', Action: 'dynamodb:*', Resource: usersArn })).toContainEqual(expect.stringMatching(/dynamodb:\* is not one exact action/));
  });

  it('reject a wildcard resource', () => {
    expect(problemsOf({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' })).toContainEqual(expect.stringMatching(/wildcard/));
  });

  it('reject every index of a table at once', () => {
    const allIndexes = { 'Fn::Join': ['/', [usersArn, 'index', '*']] };
    expect(problemsOf({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: allIndexes })).toContainEqual(expect.stringMatching(/wildcard/));
  });

  it('reject a table that is not part of the stack', () => {
    const problems = problemsOf({ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: 'arn:aws:dynamodb:eu-west-1:1:table/elsewhere' });
    expect(problems).toContainEqual(expect.stringMatching(/not a table of this stack/));
  });

  it('reject an index the table does not have', () => {
    const statement = { Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['/', [usersArn, 'index', 'byAge']] } };
    expect(problemsOf(statement)).toContainEqual(expect.stringMatching(/index byAge, which UsersTable does not have/));
  });

  it('reject writing to the log group of another function', () => {
    const problems = checkRole(fn(), { Properties: { Policies: [{ PolicyDocument: { Statement: [logs('svc-other'), xray] } }] } }, template).problems;
    expect(problems).toContainEqual(expect.stringMatching(/own log group/));
  });

  it('reject X-Ray with more than its two write actions', () => {
    expect(problemsOf({ Effect: 'Allow', Action: ['xray:GetTraceSummaries'], Resource: '*' })).toContainEqual(expect.stringMatching(/X-Ray statement must be exactly/));
  });

  it('reject X-Ray rights for a function that does not trace', () => {
    expect(checkRole(fn(false), role(xray), template).problems).toEqual(['may write X-Ray traces but does not trace']);
  });

  it('reject a service the check does not know', () => {
    expect(problemsOf({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/key' })).toContainEqual(expect.stringMatching(/grants s3/));
  });

  it('reject managed policies', () => {
    const withManaged = { Properties: { ...role(xray).Properties, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } };
    expect(checkRole(fn(), withManaged, template).problems).toContainEqual(expect.stringMatching(/managed policies/));
  });
});

describe('the IAM rules for a stream consumer', () => {
  const streamOf = (table: string) => ({ 'Fn::GetAtt': [table, 'StreamArn'] });
  const queueArn = (queue: string) => ({ 'Fn::GetAtt': [queue, 'Arn'] });
  const consumer = { Properties: { FunctionName: 'svc-deliver' } };
  const consumerTemplate: Template = {
    Resources: {
      AssetsTable: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      UsersTable: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Dlq: { Type: 'AWS::SQS::Queue' },
      OtherQueue: { Type: 'AWS::SQS::Queue' },
      DeliverLambdaFunction: consumer,
      Mapping: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          FunctionName: { 'Fn::GetAtt': ['DeliverLambdaFunction', 'Arn'] },
          EventSourceArn: streamOf('AssetsTable'),
          DestinationConfig: { OnFailure: { Destination: queueArn('Dlq') } },
        },
      },
    },
  };
  const stream = { Effect: 'Allow', Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], Resource: [streamOf('AssetsTable')] };
  const sqs = { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [queueArn('Dlq')] };
  const identity = { 'Fn::Join': [':', ['arn:aws:ses', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, 'identity/example.com']] };
  const ses = { Effect: 'Allow', Action: ['ses:SendEmail'], Resource: [identity], Condition: { StringEquals: { 'ses:FromAddress': 'n@example.com' } } };
  const consumerRole = (...statements: object[]) => ({
    Properties: { Policies: [{ PolicyDocument: { Statement: [logs('svc-deliver'), ...statements] } }] },
  });
  const problems = (...statements: object[]) => checkRole(consumer, consumerRole(...statements), consumerTemplate).problems;

  it('accept reading its own stream, sending to its own dead-letter queue, and email as one identity from one sender', () => {
    const { problems: found, dynamo } = checkRole(consumer, consumerRole(stream, sqs, ses), consumerTemplate);
    expect(found).toEqual([]);
    expect([...dynamo.streams]).toEqual(['AssetsTable']);
    expect(dynamo.actions.size).toBe(0);
  });

  it('reject the stream of a table no mapping of the function reads', () => {
    expect(problems({ ...stream, Resource: [streamOf('UsersTable')] })).toContainEqual(expect.stringMatching(/stream of UsersTable, which no event source mapping/));
  });

  it('reject stream actions beyond what the mapping needs', () => {
    expect(problems({ ...stream, Action: [...stream.Action, 'dynamodb:Scan'] })).toContainEqual(expect.stringMatching(/stream statement must be exactly/));
  });

  it('reject sending to a queue that is not its dead-letter queue, or more than SendMessage', () => {
    expect(problems({ ...sqs, Resource: [queueArn('OtherQueue')] })).toContainEqual(expect.stringMatching(/not its own dead-letter queue/));
    expect(problems({ ...sqs, Action: ['sqs:SendMessage', 'sqs:DeleteMessage'] })).toContainEqual(expect.stringMatching(/SQS actions beyond SendMessage/));
  });

  it('reject email on any identity, or from any sender', () => {
    expect(problems({ ...ses, Resource: '*' })).toContainEqual(expect.stringMatching(/not one identity of this account/));
    expect(problems({ ...ses, Condition: undefined })).toContainEqual(expect.stringMatching(/condition on one ses:FromAddress/));
    expect(problems({ ...ses, Action: ['ses:SendEmail', 'ses:SendRawEmail'] })).toContainEqual(expect.stringMatching(/SES actions beyond SendEmail/));
  });
});

describe('reading what a handler does with DynamoDB', () => {
  it('finds the actions, tables and index of the code the handler reaches, and nothing else', () => {
    const usage = dynamoUsage('test/delivery/fixtures/handler-using-dynamodb.handler');
    expect(usage.problems).toEqual([]);
    expect([...usage.actions].sort()).toEqual(['dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect([...usage.tables].sort()).toEqual(['EventsTable', 'UsersTable']);
    expect([...usage.indexes]).toEqual(['byName']);
  });

  it('follows a renamed import and maps client-dynamodb commands to their actions', () => {
    const code = `import { GetCommand as G } from "@aws-sdk/lib-dynamodb";\nimport { BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";\nnew G({});\nnew BatchWriteItemCommand({});`;
    expect([...usageInCode(code).actions].sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:GetItem']);
  });

  it('refuses a table name it cannot read', () => {
    expect(usageInCode('const t = tableName(which);').problems).toContainEqual(expect.stringMatching(/string literal/));
  });

  it('names a bundled package from its source map path', () => {
    expect(packageOfSource('../../../node_modules/@middy/core/index.js')).toBe('@middy/core');
    expect(packageOfSource('../../../node_modules/zod/v4/core/util.js')).toBe('zod');
    expect(packageOfSource('../../../shared/http/handler.ts')).toBeUndefined();
  });
});

describe('the CloudFormation specification check', () => {
  const lint = (resources: Record<string, object>, outputs: object = {}) => lintTemplate({ Resources: resources, Outputs: outputs });
  const queue = { Type: 'AWS::SQS::Queue', Properties: {} };

  it('passes a valid template', () => {
    expect(lint({ Queue: queue }, { Url: { Value: { Ref: 'Queue' } }, Arn: { Value: { 'Fn::GetAtt': ['Queue', 'Arn'] } } })).toEqual([]);
  });

  it('reports an unknown resource type', () => {
    expect(lint({ Q: { Type: 'AWS::SQS::Queues' } })).toEqual(['Resources.Q: unknown resource type AWS::SQS::Queues']);
  });

  it('reports an unknown property, also nested', () => {
    const stage = { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: 'x', StageName: '$default', DefaultRouteSettings: { ThrottleBurst: 5 } } };
    expect(lint({ S: stage, Q: { ...queue, Properties: { QueueNam: 'x' } } })).toEqual([
      'Resources.S.Properties.DefaultRouteSettings: unknown property ThrottleBurst',
      'Resources.Q.Properties: unknown property QueueNam',
    ]);
  });

  it('reports a missing required property and a value of the wrong shape', () => {
    expect(lint({ T: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], BillingMode: ['PAY_PER_REQUEST'] } } })).toEqual([
      'Resources.T.Properties.BillingMode: expected a string',
    ]);
    expect(lint({ S: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { StageName: 'x' } } })).toEqual(['Resources.S.Properties: missing required property ApiId']);
  });

  it('reports references to nothing', () => {
    expect(lint({ Q: queue }, { A: { Value: { Ref: 'Nope' } }, B: { Value: { 'Fn::GetAtt': ['Queue', 'Nope'] } }, C: { Value: { 'Fn::GetAtt': ['Q', 'Nope'] } } })).toEqual([
      'Outputs.A.Value: Ref to unknown Nope',
      'Outputs.B.Value: Fn::GetAtt on unknown resource Queue',
      'Outputs.C.Value: AWS::SQS::Queue has no attribute Nope',
    ]);
  });

  it('reports a snapshot policy on a DynamoDB table', () => {
    const table = { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Snapshot', Properties: { KeySchema: [] } };
    expect(lint({ T: table })).toContainEqual('Resources.T: DynamoDB tables do not support the Snapshot policy');
  });
});
