// The functions serverless.yml deploys are generated from the route specs: one per route, its handler where the
// convention says, its event from the route's method and path, and an environment with only what it reads; and
// one per stream consumer spec, fed by its table's stream, with its own narrow role.
import fs from 'node:fs';
import path from 'node:path';
import { consumersOf, routesOf } from '../../../config/settings';
import { RETRY_ALLOWANCE_MS, requestTimeoutFor } from '../../../config/environment';
import { roleStatements } from '../../../config/cloudformation';
import { DEFAULT_TIMEOUT_SECONDS, handlerFileOf, type StreamEvent } from '../../../config/functions';
import { stageSettings } from '../../../scripts/local-settings';

const root = path.resolve(__dirname, '..', '..', '..');

describe.each(['local', 'prod'])('the %s stage functions', (stage) => {
  const settings = stageSettings(stage);
  const routes = routesOf(settings.services);
  const entries = routes.map((route) => [route.functionName ?? route.operationId, route] as const);

  const consumers = consumersOf(settings.services);

  it('are one per route spec and per stream consumer spec of the deployed services, and nothing else', () => {
    const names = [...entries.map(([name]) => name), ...consumers.map((consumer) => consumer.functionName)];
    expect(Object.keys(settings.functions).sort()).toEqual(names.sort());
  });

  it('include the notifications relay, fed by the assets stream with its filter, retries and dead-letter queue', () => {
    const fn = settings.functions.deliverNotifications!;
    expect(fs.existsSync(path.join(root, 'functions/assets/deliver-notifications.ts'))).toBe(true);
    expect(fn.handler).toBe('functions/assets/deliver-notifications.handler');
    const [{ stream }] = fn.events as [{ stream: StreamEvent }];
    expect(stream).toEqual({
      type: 'dynamodb',
      arn: { 'Fn::GetAtt': ['AssetsTable', 'StreamArn'] },
      startingPosition: 'TRIM_HORIZON',
      batchSize: 10,
      maximumRetryAttempts: 3,
      bisectBatchOnFunctionError: true,
      functionResponseType: 'ReportBatchItemFailures',
      destinations: { onFailure: { arn: { 'Fn::GetAtt': ['DeliverNotificationsDeadLetterQueue', 'Arn'] }, type: 'sqs' } },
      filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { pk: { S: [{ prefix: 'NOTIFICATIONS#' }] } } } }],
    });
    expect(Object.keys(fn.environment).sort()).toEqual(
      expect.arrayContaining(['ASSETS_TABLE', 'NOTIFICATIONS_SENDER', 'DYNAMODB_MAX_ATTEMPTS']),
    );
    expect(fn.environment.NOTIFICATIONS_SENDER).toBe(settings.stageConfig.notifications.sender);
    expect(Object.keys(fn.environment).some((key) => key.startsWith('AUTH_') || key === 'MAX_BODY_BYTES')).toBe(false);
  });

  it('give the relay a role that reads only its stream, writes only notifications, sends only as the stage and only to its own queue', () => {
    const statements = roleStatements(settings.resources.Resources[settings.functions.deliverNotifications!.role]);
    const { sender, sesIdentity } = settings.stageConfig.notifications;
    expect(statements.slice(1)).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: [{ 'Fn::GetAtt': ['AssetsTable', 'Arn'] }],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SUBSCRIPTION', 'NOTIFICATIONS#*'] } },
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:UpdateItem'],
        Resource: [{ 'Fn::GetAtt': ['AssetsTable', 'Arn'] }],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NOTIFICATIONS#*'] } },
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
        Resource: [{ 'Fn::GetAtt': ['AssetsTable', 'StreamArn'] }],
      },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [{ 'Fn::GetAtt': ['DeliverNotificationsDeadLetterQueue', 'Arn'] }] },
      {
        Effect: 'Allow',
        Action: ['ses:SendEmail'],
        Resource: [{ 'Fn::Join': [':', ['arn:aws:ses', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, `identity/${sesIdentity}`]] }],
        Condition: { StringEquals: { 'ses:FromAddress': sender } },
      },
      ...(settings.stageConfig.tracing ? [{ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' }] : []),
    ]);
  });

  it('stream the assets table with new images, and keep one dead-letter queue named after the stack', () => {
    const { AssetsTable, DeliverNotificationsDeadLetterQueue } = settings.resources.Resources;
    expect(AssetsTable!.Properties!.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(AssetsTable!.Properties!.TableName).toBe(`serverless-api-${stage}-assets`);
    expect(DeliverNotificationsDeadLetterQueue!.Type).toBe('AWS::SQS::Queue');
  });

  it.each(entries)('%s: its handler lives where the convention says and its event is its route', (name, route) => {
    const fn = settings.functions[name]!;
    expect(fs.existsSync(path.join(root, handlerFileOf(route)))).toBe(true);
    expect(fn.handler).toBe(handlerFileOf(route).replace(/\.ts$/, '.handler'));
    expect(fn.events).toEqual([route.catchAll ? { httpApi: '*' } : { httpApi: { method: route.method, path: route.path } }]);
  });

  it.each(entries)('%s: its environment names only its own tables, and token and database settings only when it uses them', (name, route) => {
    const keys = Object.keys(settings.functions[name]!.environment);
    const tables = keys.filter((key) => key.endsWith('_TABLE')).sort();
    const ownTables = [...new Set((route.data ?? []).map(({ table }) => `${table.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_TABLE`))].sort();
    expect(tables).toEqual(ownTables);
    expect(keys.some((key) => key.startsWith('AUTH_'))).toBe(Boolean(route.auth));
    expect(keys.some((key) => key.startsWith('DYNAMODB_'))).toBe(Boolean(route.data?.length));
    expect(keys.includes('MAX_BODY_BYTES')).toBe(Boolean(route.body) || Boolean(route.settings?.includes('maxBodyBytes')));
    expect(keys).toEqual(expect.arrayContaining(['STAGE', 'SERVICE_VERSION', 'LOG_LEVEL', 'METRICS_ENABLED', 'METRICS_NAMESPACE']));
  });

  it('give every function its spec\'s timeout, else the default', () => {
    for (const [name, route] of entries) {
      expect([name, settings.functions[name]!.timeout]).toEqual([name, route.lambda?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS]);
    }
  });

  it('bound every DynamoDB function\'s calls so that a database that never answers gives up within its own timeout', () => {
    const withDatabase = Object.entries(settings.functions).filter(([, fn]) => fn.environment.DYNAMODB_REQUEST_TIMEOUT_MS);
    expect(withDatabase.length).toBeGreaterThan(0);
    for (const [name, { environment, timeout }] of withDatabase) {
      const attempts = Number(environment.DYNAMODB_MAX_ATTEMPTS);
      const worstCaseMs = attempts * (Number(environment.DYNAMODB_CONNECTION_TIMEOUT_MS) + Number(environment.DYNAMODB_REQUEST_TIMEOUT_MS));
      expect([name, worstCaseMs + RETRY_ALLOWANCE_MS <= timeout * 1000]).toEqual([name, true]);
      expect([name, Number(environment.DYNAMODB_REQUEST_TIMEOUT_MS) <= settings.stageConfig.database.requestTimeoutMs]).toEqual([name, true]);
    }
  });

  it('keeps secrets out of every function that does not verify tokens', () => {
    for (const [name, fn] of Object.entries(settings.functions)) {
      if (!fn.environment.AUTH_HS256_SECRET) continue;
      expect([name, routes.find((route) => (route.functionName ?? route.operationId) === name)?.auth]).toEqual([name, expect.any(Object)]);
    }
  });
});

describe('a DynamoDB call\'s request timeout', () => {
  const database = { connectionTimeoutMs: 500, requestTimeoutMs: 12_000, maxAttempts: 2 };

  it('is the stage\'s when the function\'s timeout holds every attempt of it', () => {
    expect(requestTimeoutFor(database, 29)).toBe(12_000);
    expect(requestTimeoutFor({ ...database, requestTimeoutMs: 1000, maxAttempts: 3 }, 10)).toBe(1000);
  });

  it('is what is left for each attempt when the function\'s timeout is shorter', () => {
    // (10 s - the retry allowance) / 2 attempts - 0.5 s to connect
    expect(requestTimeoutFor(database, 10)).toBe((10_000 - RETRY_ALLOWANCE_MS) / 2 - 500);
    expect(requestTimeoutFor(database, 10)).toBe(3900);
  });

  it('is refused when the function cannot even wait for its attempts to connect', () => {
    expect(() => requestTimeoutFor({ ...database, connectionTimeoutMs: 2000, maxAttempts: 5 }, 10)).toThrow(/leaves no time for 5 DynamoDB attempts/);
  });
});
