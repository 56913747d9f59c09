// Turns the YAML in config/ and the route specs into the pieces serverless.yml asks for, by concern:
//   stages.ts       config/stages/<stage>.yml and config/accounts/<name>.yml, validated
//   tables.ts       resources/<service>.yml of the deployed services, tables named and made durable per stage
//   functions.ts    one function per route spec and per stream consumer spec, each with its own least-privilege role
//   environment.ts  each function's environment: only the sections it reads
//   local.ts        DynamoDB Local and sls offline, for the local stages
//   domain.ts       the account's custom domain;  alarms.ts  the stage's alarms
// serverless.yml reads it through config/serverless.cjs; scripts and tests call `settingsFor(stage)`, so
// the local tools and the deployed stack share one source. Only the services listed in the stage file are
// deployed; the `platform` service (health, docs, the 404 catch-all) always is.
import fs from 'node:fs';
import path from 'node:path';
import * as assetsConsumers from '../shared/assets/consumers';
import type { RouteSpec } from '../shared/http/route';
import { routeModules } from '../shared/openapi/routes';
import { getOpenApiDocument } from '../shared/platform/routes';
import type { StreamConsumerSpec } from '../shared/streams/consumer';
import { alarmResources } from './alarms';
import { tableProperties, type Resources } from './cloudformation';
import { customDomainResources } from './domain';
import { environmentBuilder } from './environment';
import { callsDownstream, functionNameOf, functionsOf, handlerFileOf, type FunctionDefinition } from './functions';
import { localSettings, type DynamodbLocalSettings, type OfflineSettings } from './local';
import { isLocalStage, loadAccount, loadStage, root, type Account, type StageConfig } from './stages';
import { serviceResourcesOf, tableLogicalId } from './tables';

const SERVICE_NAME = 'serverless-api';

export interface Settings {
  stage: string;
  stageConfig: StageConfig;
  account: Account;
  /** `platform` and the stage's services, in that order. */
  services: string[];
  isLocal: boolean;
  seed: boolean;
  region: string;
  deploymentBucket?: { name: string };
  logRetentionInDays: number;
  tracing: { lambda: boolean; apiGateway: boolean };
  httpApi: { cors: { allowedOrigins: string[]; allowedHeaders: string[] } };
  /** What every function gets (the local stages' throwaway AWS credentials; nothing in a deployed stage). */
  providerEnvironment: Record<string, string>;
  /** Every variable of the stage: what scripts and in-process tests run with. A function gets only its part. */
  environment: Record<string, string>;
  functions: Record<string, FunctionDefinition>;
  resources: { Resources: Resources; Outputs: Record<string, unknown>; extensions: Record<string, unknown> };
  esbuildDefine: Record<string, string>;
  /** The handler files whose bundles carry the X-Ray writer (shared/observability/xray.ts): in a stage that traces, the functions that call
   * something downstream (config/esbuild-plugins.cjs sets their `process.env.TRACING_CALLS`). */
  tracedHandlers: string[];
  /** Deployed stages only: the OpenAPI document's function, whose bundle gets the document built at package time
   * (config/esbuild-plugins.cjs). Local stages build it at cold start, so that a hot reload shows an edited route. */
  packagedDocument?: { handler: string; environment: Record<string, string> };
  /** esbuild's minify and keepNames for this stage (serverless.yml custom.esbuild). */
  build: { minify: boolean; keepNames: boolean };
  dynamodbLocal: DynamodbLocalSettings;
  offline: OfflineSettings;
}

/** The route specs of the services a stage deploys, in the order of `services`. */
export function routesOf(services: string[]): RouteSpec[] {
  const modules = routeModules as Record<string, Record<string, RouteSpec>>;
  return services.flatMap((service) => Object.values(modules[service] ?? {}));
}

/** The stream consumers of each service (shared/<service>/consumers.ts): the functions that are not routes. */
const consumerModules: Record<string, Record<string, StreamConsumerSpec>> = { assets: assetsConsumers };

/** The stream consumer specs of the services a stage deploys, in the order of `services`. */
export function consumersOf(services: string[]): StreamConsumerSpec[] {
  return services.flatMap((service) => Object.values(consumerModules[service] ?? {}));
}

/** A consumer's stream and dead-letter queue must be resources of its service: fail `sls` with what is missing. */
function checkConsumers(consumers: StreamConsumerSpec[], resources: Resources): void {
  for (const { functionName, stream } of consumers) {
    const viewType = tableProperties(resources[tableLogicalId(stream.table)])?.StreamSpecification?.StreamViewType;
    if (!['NEW_IMAGE', 'NEW_AND_OLD_IMAGES'].includes(viewType ?? '')) {
      throw new Error(`${functionName} reads the stream of ${tableLogicalId(stream.table)}, which declares no StreamSpecification with new images`);
    }
    if (resources[stream.deadLetterQueue]?.Type !== 'AWS::SQS::Queue') {
      throw new Error(`${functionName}'s dead-letter queue ${stream.deadLetterQueue} is no AWS::SQS::Queue of resources/`);
    }
  }
}

function buildSettings(stage: string): Settings {
  const stageConfig = loadStage(stage);
  const account = loadAccount(stageConfig.account);
  const services = ['platform', ...stageConfig.services];
  const prefix = `${SERVICE_NAME}-${stage}`;
  const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const local = localSettings(stageConfig, account);

  const { resources: serviceResources, tableNames } = serviceResourcesOf(services, stageConfig, prefix);
  const environment = environmentBuilder(stage, version, stageConfig, tableNames, local);
  const consumers = consumersOf(services);
  checkConsumers(consumers, serviceResources);
  const { functions, roles } = functionsOf({
    routes: routesOf(services),
    consumers,
    prefix,
    tracing: stageConfig.tracing,
    email: stageConfig.notifications,
    environment,
  });
  const tableIds = Object.keys(serviceResources).filter((id) => serviceResources[id]!.Type === 'AWS::DynamoDB::Table');
  const customDomain = customDomainResources(stage, stageConfig, account);

  return {
    stage,
    stageConfig,
    account,
    services,
    isLocal: isLocalStage(stageConfig),
    seed: Boolean(stageConfig.dynamodb?.seed),
    region: account.region,
    ...(account.deploymentBucket ? { deploymentBucket: { name: account.deploymentBucket } } : {}),
    logRetentionInDays: stageConfig.logs.retentionDays,
    tracing: { lambda: stageConfig.tracing, apiGateway: stageConfig.tracing },
    httpApi: {
      cors: { allowedOrigins: stageConfig.http.corsOrigins, allowedHeaders: ['Content-Type', 'Authorization'] },
    },
    providerEnvironment: local.providerEnvironment,
    environment: { ...local.providerEnvironment, ...environment.all() },
    functions,
    resources: {
      Resources: {
        ...serviceResources,
        ...roles,
        ...customDomain.resources,
        ...alarmResources(stageConfig.alarms, {
          functionNames: Object.keys(functions),
          tableIds,
          streamConsumers: consumers.map((consumer) => ({ functionName: consumer.functionName, deadLetterQueue: consumer.stream.deadLetterQueue })),
          subscribers: account.alarmSubscribers,
          prefix,
        }),
      },
      Outputs: customDomain.outputs,
      // HTTP API throttling has no setting under provider.httpApi: extend the stage the framework generates.
      extensions: {
        HttpApiStage: {
          Properties: {
            DefaultRouteSettings: {
              DetailedMetricsEnabled: false,
              ThrottlingBurstLimit: stageConfig.http.throttling.burstLimit,
              ThrottlingRateLimit: stageConfig.http.throttling.rateLimit,
            },
          },
        },
      },
    },
    // Build-time switches: code behind a false one is dropped from the bundles (see shared/observability/tracing.ts).
    esbuildDefine: {
      'process.env.TRACING_ENABLED': JSON.stringify(String(stageConfig.tracing)),
      'process.env.TRACING_CALLS': JSON.stringify(String(stageConfig.tracing)),
    },
    tracedHandlers: stageConfig.tracing ? [...routesOf(services), ...consumers].filter(callsDownstream).map(handlerFileOf) : [],
    ...(isLocalStage(stageConfig)
      ? {}
      : {
          packagedDocument: {
            handler: handlerFileOf(getOpenApiDocument),
            environment: functions[functionNameOf(getOpenApiDocument)]!.environment,
          },
        }),
    build: { minify: stageConfig.build.minify, keepNames: !stageConfig.build.minify },
    dynamodbLocal: local.dynamodbLocal,
    offline: local.offline,
  };
}

const cache = new Map<string, Settings>();
/** Everything the stage's stack needs, validated; the same object for serverless.yml and for scripts. */
export function settingsFor(stage: string): Settings {
  let settings = cache.get(stage);
  if (!settings) cache.set(stage, (settings = buildSettings(stage)));
  return settings;
}
