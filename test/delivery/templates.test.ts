// Every stage, packaged offline exactly as `npm run package` does, and its CloudFormation held to our rules:
// least-privilege IAM proven against what each function's code calls, tables as the stage file says, exactly
// the enabled services' routes, nodejs22.x, lean zips, and a valid template per AWS's resource specification.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { packageStages } from '../../scripts/package-stage.cjs';
import { lintTemplate } from '../../scripts/lint-templates';
import { stageSettings } from '../../scripts/local-settings';
import { handlerFileOf } from '../../config/functions';
import { consumersOf, routesOf } from '../../config/settings';
import {
  checkRole,
  devPackages,
  mappingsOf,
  dynamoUsage,
  expectedRoutes,
  packageOfSource,
  readTemplate,
  resourcesOfType,
  roleOf,
  root,
  type Template,
} from './stack';

const STAGES = ['local', 'test', 'dev', 'staging', 'prod'];
const outDir = path.join(root, 'test', 'artifacts', 'dist');
const templates = new Map<string, Template>();

beforeAll(async () => {
  await packageStages(STAGES, outDir);
  for (const stage of STAGES) templates.set(stage, readTemplate(path.join(outDir, stage)));
}, 180_000);

const functionsOf = (stage: string) => resourcesOfType(templates.get(stage)!, 'AWS::Lambda::Function');
const zipOf = (stage: string, fn: any) => path.join(outDir, stage, path.basename(fn.Properties.Code.S3Key)); // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(STAGES)('the %s stage package', (stage) => {
  const settings = stageSettings(stage);
  const template = () => templates.get(stage)!;

  it('passes the CloudFormation resource specification check', () => {
    expect(lintTemplate(template())).toEqual([]);
  });

  it('runs every function on nodejs22.x', () => {
    for (const [, fn] of functionsOf(stage)) expect(fn.Properties.Runtime).toBe('nodejs22.x');
  });

  it('gives every function a role of its own, and no shared default role', () => {
    const roles = functionsOf(stage).map(([, fn]) => roleOf(fn));
    expect(roles.every((role) => role && template().Resources[role]?.Type === 'AWS::IAM::Role')).toBe(true);
    expect(new Set(roles).size).toBe(roles.length);
    expect(template().Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('traces every function with X-Ray exactly when the stage file turns tracing on, and bundles the X-Ray writer in exactly the functions that call something downstream', async () => {
    const tracing: boolean = settings.stageConfig.tracing;
    // Calling something downstream: the route declares DynamoDB access (`data`) or other AWS calls (`iam`).
    const callers = new Set(
      [
        ...routesOf(settings.services).filter((route) => (route.data?.length ?? 0) + (route.iam?.length ?? 0) > 0),
        ...consumersOf(settings.services), // every consumer reads its table
      ].map((spec) => handlerFileOf(spec).replace(/\.ts$/, '.handler')),
    );
    for (const [id, fn] of functionsOf(stage)) {
      expect([id, fn.Properties.TracingConfig?.Mode ?? 'off']).toEqual([id, tracing ? 'Active' : 'off']);
      // The writer (shared/observability/xray.ts) is dropped at build time where it would record nothing but the
      // invocation (health, docs, factorial).
      const zip = await JSZip.loadAsync(fs.readFileSync(zipOf(stage, fn)));
      const map = zip.file(`${fn.Properties.Handler.replace(/\.[^.]+$/, '.js')}.map`)!;
      const sources: string[] = JSON.parse(await map.async('string')).sources;
      expect([id, sources.some((source) => source.endsWith('shared/observability/xray.ts'))]).toEqual([id, tracing && callers.has(fn.Properties.Handler)]);
    }
  });

  it('has one errors, one throttles and one p99 duration alarm per function, and throttle alarms per table, only where the stage file asks', () => {
    const alarms = resourcesOfType(template(), 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const wanted = settings.stageConfig.alarms;
    if (!wanted) {
      expect(alarms).toEqual([]);
      expect(resourcesOfType(template(), 'AWS::SNS::Topic')).toEqual([]);
      return;
    }
    const functionIds = functionsOf(stage).map(([id]) => id);
    const onFunction = (metric: string) =>
      alarms.filter((alarm) => alarm.Namespace === 'AWS/Lambda' && alarm.MetricName === metric).map((alarm) => alarm.Dimensions[0].Value.Ref).sort();
    expect(onFunction('Errors')).toEqual([...functionIds].sort());
    expect(onFunction('Throttles')).toEqual([...functionIds].sort());
    expect(onFunction('Duration')).toEqual([...functionIds].sort());
    const byMetric = (metric: string) => alarms.filter((alarm) => alarm.MetricName === metric);
    for (const alarm of byMetric('Errors')) expect(alarm.Threshold).toBe(wanted.errors);
    for (const alarm of byMetric('Throttles')) expect(alarm.Threshold).toBe(wanted.throttles);
    for (const alarm of byMetric('Duration')) expect([alarm.ExtendedStatistic, alarm.Threshold]).toEqual(['p99', wanted.p99DurationMs]);
    const tables = resourcesOfType(template(), 'AWS::DynamoDB::Table').map(([id]) => id).sort();
    for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      expect(byMetric(metric).map((alarm) => alarm.Dimensions[0].Value.Ref).sort()).toEqual(tables);
    }
    const [[topicId, topic]] = resourcesOfType(template(), 'AWS::SNS::Topic') as [[string, any]]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(topic.Properties.Subscription.map((s: { Endpoint: string }) => s.Endpoint)).toEqual(settings.account.alarmSubscribers);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('has one stream and dead-letter-queue alarm per stream consumer, only where the stage file asks', () => {
    const alarms = resourcesOfType(template(), 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const wanted = settings.stageConfig.alarms;
    if (!wanted) return; // none at all: the test above
    for (const consumer of consumersOf(settings.services)) {
      const iteratorAge = alarms.filter((alarm) => alarm.MetricName === 'IteratorAge');
      expect(iteratorAge.map((alarm) => alarm.Dimensions[0].Value)).toContainEqual({ Ref: `${consumer.functionName.charAt(0).toUpperCase()}${consumer.functionName.slice(1)}LambdaFunction` });
      for (const alarm of iteratorAge) expect([alarm.Namespace, alarm.Statistic, alarm.Threshold]).toEqual(['AWS/Lambda', 'Maximum', wanted.streamIteratorAgeMs]);
      const queue = alarms.filter((alarm) => alarm.Namespace === 'AWS/SQS' && alarm.MetricName === 'ApproximateNumberOfMessagesVisible');
      expect(queue.map((alarm) => alarm.Dimensions)).toContainEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [consumer.stream.deadLetterQueue, 'QueueName'] } }]);
      for (const alarm of queue) expect([alarm.Threshold, alarm.ComparisonOperator]).toEqual([1, 'GreaterThanOrEqualToThreshold']);
    }
  });

  it('feeds each stream consumer from its table stream: new images, filtered, partial batch responses, bounded retries, split batches, its own dead-letter queue', () => {
    const consumers = consumersOf(settings.services);
    const mappings = resourcesOfType(template(), 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(consumers.length);
    for (const consumer of consumers) {
      const [, fn] = functionsOf(stage).find(([id]) => id === `${consumer.functionName.charAt(0).toUpperCase()}${consumer.functionName.slice(1)}LambdaFunction`)!;
      const [mapping] = mappingsOf(fn, template());
      const tableId = `${consumer.stream.table.charAt(0).toUpperCase()}${consumer.stream.table.slice(1)}Table`;
      expect(template().Resources[tableId].Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
      expect(template().Resources[consumer.stream.deadLetterQueue].Type).toBe('AWS::SQS::Queue');
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
        BatchSize: consumer.stream.batchSize,
        MaximumRetryAttempts: consumer.stream.maximumRetryAttempts,
        BisectBatchOnFunctionError: consumer.stream.bisectBatchOnFunctionError,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [consumer.stream.deadLetterQueue, 'Arn'] } } },
        FilterCriteria: {
          Filters: [
            {
              Pattern: JSON.stringify({
                eventName: consumer.stream.filter.eventNames,
                dynamodb: { NewImage: { pk: { S: [{ prefix: consumer.stream.filter.partitionKeyPrefix }] } } },
              }),
            },
          ],
        },
      });
      // Its role reads that one stream, sends only to that queue, and sends email only as the stage's identity and sender.
      const role = checkRole(fn, template().Resources[roleOf(fn)!], template());
      expect([...role.dynamo.streams]).toEqual([tableId]);
      expect(role.sqs.flatMap((statement) => statement.Resource)).toEqual([{ 'Fn::GetAtt': [consumer.stream.deadLetterQueue, 'Arn'] }]);
      if (consumer.sendsEmail) {
        const { sender, sesIdentity } = settings.stageConfig.notifications;
        expect(role.ses).toHaveLength(1);
        expect(JSON.stringify(role.ses[0]!.Resource)).toContain(`"identity/${sesIdentity}"`);
        expect(role.ses[0]!.Condition).toEqual({ StringEquals: { 'ses:FromAddress': sender } });
      }
    }
  });

  it('grants no wildcard and nothing outside logs, X-Ray and its own tables', () => {
    const problems = functionsOf(stage).flatMap(([id, fn]) =>
      checkRole(fn, template().Resources[roleOf(fn)!], template()).problems.map((problem) => `${id}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });

  it('grants each function exactly the DynamoDB actions, tables and indexes its code uses', () => {
    const mismatches: string[] = [];
    for (const [id, fn] of functionsOf(stage)) {
      const granted = checkRole(fn, template().Resources[roleOf(fn)!], template()).dynamo;
      const used = dynamoUsage(fn.Properties.Handler);
      mismatches.push(...used.problems.map((problem) => `${id}: ${problem}`));
      const compare = (what: string, uses: Set<string>, grants: Set<string>) => {
        for (const item of uses) if (!grants.has(item)) mismatches.push(`${id} uses ${what} ${item} but its role does not grant it`);
        for (const item of grants) if (!uses.has(item)) mismatches.push(`${id} is granted ${what} ${item} but its code never uses it`);
      };
      compare('action', used.actions, granted.actions);
      compare('table', used.tables, granted.tables);
      const grantedIndexes = new Set([...granted.indexes].map((index) => index.split('/')[1]!));
      compare('index', used.indexes, grantedIndexes);
    }
    expect(mismatches).toEqual([]);
  });

  it('creates the tables of its services with the billing, backup and policies of its stage file', () => {
    const tables = resourcesOfType(template(), 'AWS::DynamoDB::Table');
    const expected = Object.entries(settings.resources.Resources).filter(([, r]) => r.Type === 'AWS::DynamoDB::Table').map(([id]) => id);
    expect(tables.map(([id]) => id).sort()).toEqual(expected.sort());
    const { tables: wanted } = settings.stageConfig;
    for (const [, table] of tables) {
      expect(table.Properties.TableName).toMatch(new RegExp(`^serverless-api-${stage}-[a-z-]+$`));
      expect(table.Properties.BillingMode).toBe(wanted.billingMode);
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: wanted.pointInTimeRecovery });
      expect(table.DeletionPolicy).toBe(wanted.deletionPolicy);
      expect(table.UpdateReplacePolicy).toBe(wanted.updateReplacePolicy);
    }
  });

  it('exposes exactly the routes of the services its stage file enables', () => {
    const routes = resourcesOfType(template(), 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);
    expect(routes.sort()).toEqual(expectedRoutes(settings.services));
  });

  it('applies the stage file to the API: throttling, CORS, log retention', () => {
    const { http, logs } = settings.stageConfig;
    const apiStage = template().Resources.HttpApiStage.Properties;
    expect(apiStage.DefaultRouteSettings).toMatchObject({ ThrottlingBurstLimit: http.throttling.burstLimit, ThrottlingRateLimit: http.throttling.rateLimit });
    expect(template().Resources.HttpApi.Properties.CorsConfiguration.AllowOrigins).toEqual(http.corsOrigins);
    for (const [, group] of resourcesOfType(template(), 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBe(logs.retentionDays);
  });

  it('maps the API on the account custom domain under the stage base path', () => {
    const { account } = settings;
    const mappings = resourcesOfType(template(), 'AWS::ApiGatewayV2::ApiMapping');
    const domains = resourcesOfType(template(), 'AWS::ApiGatewayV2::DomainName');
    if (!account.customDomain) {
      expect([...mappings, ...domains]).toEqual([]);
      return;
    }
    expect(domains.map(([, d]) => d.Properties.DomainName)).toEqual(account.customDomain.ownerStage === stage ? [account.customDomain.domainName] : []);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]![1].Properties.ApiMappingKey).toBe(settings.stageConfig.http.basePath ?? undefined);
  });

  /** `DocsAssetLambdaFunction` -> `docsAsset` */
  const functionKeyOf = (logicalId: string) =>
    Object.keys(settings.functions).find((key) => `${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaFunction` === logicalId) ?? logicalId;

  it('ships zips with the bundle only (plus files a function declares from production dependencies): no test files, no development dependency', async () => {
    const dev = devPackages();
    const problems: string[] = [];
    for (const [id, fn] of functionsOf(stage)) {
      const zip = await JSZip.loadAsync(fs.readFileSync(zipOf(stage, fn)));
      const bundle = fn.Properties.Handler.replace(/\.[^.]+$/, '.js');
      const files = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
      // Besides the bundle: only files the function lists itself, from production dependencies (the docs' assets).
      const declared = new Set<string>((settings.functions[functionKeyOf(id)]?.package as { patterns?: string[] } | undefined)?.patterns ?? []);
      const extra = files.filter((name) => name !== bundle && name !== `${bundle}.map` && !declared.has(name));
      if (extra.length) problems.push(`${id}: unexpected files ${extra.join(', ')}`);
      for (const name of declared) {
        const owner = packageOfSource(name);
        if (owner && dev.has(owner)) problems.push(`${id}: ships a file of development dependency ${owner}`);
      }
      const map = zip.file(`${bundle}.map`);
      const sources: string[] = map ? JSON.parse(await map.async('string')).sources : [];
      if (!map) problems.push(`${id}: no source map to prove what is bundled`);
      for (const source of sources) {
        const bundled = packageOfSource(source);
        if (bundled && dev.has(bundled)) problems.push(`${id}: bundles development dependency ${bundled}`);
        if (/(^|\/)(test|tests|__tests__)\/|\.(test|spec)\.[cm]?[jt]s$/.test(source)) problems.push(`${id}: bundles test file ${source}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

afterAll(() => {
  if (templates.size === 0) return;
  const rows = STAGES.map((stage) => {
    const sizes = Object.fromEntries(functionsOf(stage).map(([id, fn]) => [id.replace(/LambdaFunction$/, ''), fs.statSync(zipOf(stage, fn)).size]));
    return [stage, sizes] as const;
  });
  const lines = rows[rows.length - 1]![1];
  const table = Object.keys(lines)
    .sort()
    .map((name) => `  ${name.padEnd(28)} ${rows.map(([, sizes]) => `${((sizes[name] ?? 0) / 1024).toFixed(1).padStart(8)} KiB`).join('')}`);
  console.log(`bundle sizes (zip)            ${rows.map(([stage]) => stage.padStart(12)).join('')}\n${table.join('\n')}`);
});

/** A function's zip unpacked into test/artifacts/<folder>, inside the project, so that the AWS SDK resolves as the runtime's would. */
async function unzipInProject(stage: string, fn: any, folder: string): Promise<string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const dir = path.join(root, 'test', 'artifacts', folder);
  fs.rmSync(dir, { recursive: true, force: true });
  const zip = await JSZip.loadAsync(fs.readFileSync(zipOf(stage, fn)));
  for (const name of Object.keys(zip.files).filter((file) => !zip.files[file]!.dir)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), await zip.file(name)!.async('nodebuffer'));
  }
  return dir;
}

describe.each(STAGES)('the OpenAPI document function of the %s stage package', (stage) => {
  // A deployed stage builds the document when it is packaged; a local one at cold start (a hot reload shows an edited route).
  const packaged = !stageSettings(stage).isLocal;
  const probe = `
const { handler } = require(process.argv[2]);
const event = { version: '2.0', rawPath: '/openapi.json', rawQueryString: '', headers: { host: 'localhost' }, isBase64Encoded: false,
  requestContext: { requestId: 'document-test', http: { method: 'GET', path: '/openapi.json' } } };
handler(event, {}).then((response) => process.stderr.write(JSON.stringify(response) + '\\n'));
`;

  it(`serves the document that \`npm run openapi -- --stage ${stage}\` writes, ${packaged ? 'built when packaged: without the document builder and the route specs in its bundle' : 'built at cold start'}`, async () => {
    const [, fn] = functionsOf(stage).find(([id]) => id === 'OpenApiDocumentLambdaFunction')!;
    const dir = await unzipInProject(stage, fn, `openapi-${stage}`);
    const bundle = path.join(dir, fn.Properties.Handler.replace(/\.handler$/, '.js'));
    const sources: string[] = JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')).sources;
    expect(sources.some((source) => source.endsWith('shared/openapi/document.ts'))).toBe(!packaged);
    expect(sources.some((source) => source.endsWith('shared/users/routes.ts'))).toBe(!packaged);
    fs.writeFileSync(path.join(dir, 'probe.cjs'), probe);
    const { stderr } = await promisify(execFile)(process.execPath, [path.join(dir, 'probe.cjs'), bundle], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...fn.Properties.Environment.Variables, AWS_REGION: 'eu-west-1', METRICS_ENABLED: 'false' },
    });
    const response = JSON.parse(stderr.trim().split('\n').at(-1)!);
    expect(response.statusCode).toBe(200);
    const expected = path.join(dir, 'expected.json');
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/openapi.ts', '--stage', stage, '--out', expected], { cwd: root });
    expect(JSON.parse(response.body)).toEqual(JSON.parse(fs.readFileSync(expected, 'utf8')));
  }, 60_000);
});

describe('a packaged function that fails unexpectedly', () => {
  // The prod bundle of getUser, unzipped inside the project (so that the AWS SDK resolves as the runtime's would),
  // run with the NODE_OPTIONS its template gives it, without its table name: our own code throws.
  const probe = `
const { handler } = require(process.argv[2]);
const event = { version: '2.0', rawPath: '/users/ada', rawQueryString: '', headers: { host: 'localhost' }, isBase64Encoded: false,
  pathParameters: { userId: 'ada' }, requestContext: { requestId: 'source-map-test', http: { method: 'GET', path: '/users/ada' } } };
handler(event, {}).then((response) => process.stderr.write(JSON.stringify({ status: response.statusCode }) + '\\n'));
`;

  it('logs a stack that names our TypeScript files and lines', async () => {
    const [, fn] = functionsOf('prod').find(([id]) => id === 'GetUserLambdaFunction')!;
    const environment: Record<string, string> = fn.Properties.Environment.Variables;
    expect(environment.NODE_OPTIONS).toBe('--enable-source-maps');
    const dir = await unzipInProject('prod', fn, 'source-maps');
    fs.writeFileSync(path.join(dir, 'probe.cjs'), probe);
    const { USERS_TABLE: _table, ...withoutTable } = environment;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(dir, 'probe.cjs'), path.join(dir, fn.Properties.Handler.replace(/\.handler$/, '.js'))], {
      cwd: dir,
      env: { PATH: process.env.PATH, ...withoutTable, AWS_REGION: 'eu-west-1', METRICS_ENABLED: 'false' },
    });
    expect(JSON.parse(stderr.trim().split('\n').at(-1)!)).toEqual({ status: 500 });
    const logged = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.msg === 'request');
    expect(logged.error.message).toBe('No table name configured for "users"');
    expect(logged.error.stack).toMatch(/shared\/config\/index\.ts:\d+:\d+/);
    expect(logged.error.stack).toMatch(/shared\/users\/store\.ts:\d+:\d+/);
  });
});
