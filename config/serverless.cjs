// Turns the YAML in config/ into the pieces serverless.yml asks for.
//
//   config/stages/<stage>.yml     what a stage deploys and how (validated below)
//   config/accounts/<name>.yml    where it deploys (account id, region, bucket, domain)
//   functions/<service>/functions.yml   the functions and routes of one service, each with the
//                                       IAM statements it needs under `iam`
//   resources/<service>.yml       the CloudFormation resources (tables) of one service
//
// serverless.yml reads it as `${file(./config/serverless.cjs):<piece>}`; scripts and tests call
// `settingsFor(stage)` directly, so the local tools and the deployed stack share one source.
// Only the services listed in the stage file are deployed; the `platform` service (health,
// docs, the 404 catch-all) always is.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { z } = require('zod');
const { alarmResources } = require('./alarms.cjs');

const root = path.resolve(__dirname, '..');
const SERVICE_NAME = 'serverless-api';
const SERVICES = ['factorial', 'users', 'events', 'pokemon', 'assets'];

const url = z.string().url();
const stageSchema = z.strictObject({
  account: z.string().min(1),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  services: z.array(z.enum(SERVICES)),
  offline: z.strictObject({ httpPort: z.number().int(), lambdaPort: z.number().int() }).optional(),
  dynamodb: z
    .strictObject({ port: z.number().int(), inMemory: z.boolean(), seed: z.boolean() })
    .optional(),
  tables: z.strictObject({
    billingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']),
    pointInTimeRecovery: z.boolean(),
    // DynamoDB tables support Delete and Retain only (no Snapshot). updateReplacePolicy applies when a change
    // (e.g. a new key schema) makes CloudFormation replace the table: Retain keeps the old one and its data.
    deletionPolicy: z.enum(['Delete', 'Retain']),
    updateReplacePolicy: z.enum(['Delete', 'Retain']),
  }),
  logs: z.strictObject({ retentionDays: z.number().int().positive() }),
  tracing: z.boolean(),
  metrics: z.strictObject({ enabled: z.boolean(), namespace: z.string().min(1) }),
  alarms: z
    .strictObject({
      periodSeconds: z.number().int().positive(),
      errors: z.number().positive(),
      throttles: z.number().positive(),
      p99DurationMs: z.number().positive(),
      tableThrottles: z.number().positive(),
    })
    .nullable(),
  http: z.strictObject({
    corsOrigins: z.array(z.string().min(1)),
    throttling: z.strictObject({ burstLimit: z.number().int().positive(), rateLimit: z.number().positive() }),
    maxBodyBytes: z.number().int().positive(),
    basePath: z.string().nullable(),
  }),
  auth: z.strictObject({
    algorithm: z.enum(['HS256', 'RS256', 'ES256']),
    issuer: z.string().min(1),
    audience: z.string().min(1),
    // Which claim holds the audience: `aud`, or `client_id` for Cognito access tokens (which have no `aud`).
    audienceClaim: z.enum(['aud', 'client_id']).default('aud'),
    hs256Secret: z.string().min(32).nullable(),
    jwksUrl: url.nullable(),
  }),
  factorial: z.strictObject({ maxNumber: z.number().int().min(0) }),
  events: z.strictObject({ maxRangeDays: z.number().int().positive() }),
  pokemon: z.strictObject({
    pokeapiUrl: url,
    shakespeareUrl: url,
    cacheTtlSeconds: z.number().int().positive(),
    upstreamTimeoutMs: z.number().int().positive(),
    translatorFallback: z.boolean(),
  }),
});

const accountSchema = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  deploymentBucket: z.string().nullable(),
  // One domain per account, shared by its stages through base paths (stage file: http.basePath). The stack of
  // `ownerStage` creates the domain name; every stage of the account (the owner too) adds its own mapping.
  customDomain: z
    .strictObject({
      domainName: z.string().min(1),
      certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:/),
      ownerStage: z.string().min(1),
    })
    .nullable(),
  alarmSubscribers: z.array(z.string().email()),
});

function readYaml(file) {
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

function listYaml(dir) {
  return fs
    .readdirSync(path.join(root, dir))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => name.slice(0, -4));
}

function parseOrExplain(schema, value, file) {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`${file} is invalid: ${problems.join('; ')}`);
}

/** A stage is local when it runs against DynamoDB Local instead of AWS. */
const isLocalStage = (stageConfig) => Boolean(stageConfig.dynamodb);

function loadStage(stage) {
  const file = path.join('config', 'stages', `${stage}.yml`);
  if (!fs.existsSync(path.join(root, file))) {
    throw new Error(
      `Unknown stage "${stage}": there is no ${file}. Known stages: ${listYaml('config/stages').join(', ')}.`,
    );
  }
  const stageConfig = parseOrExplain(stageSchema, readYaml(path.join(root, file)), file);
  const { algorithm, hs256Secret, jwksUrl } = stageConfig.auth;
  if (algorithm === 'HS256' && !hs256Secret) throw new Error(`${file}: auth.algorithm HS256 needs auth.hs256Secret`);
  if (algorithm !== 'HS256' && !jwksUrl) throw new Error(`${file}: auth.algorithm ${algorithm} needs auth.jwksUrl`);
  if (hs256Secret && !isLocalStage(stageConfig)) {
    throw new Error(`${file}: a deployed stage must not keep a secret in the repository; use RS256/ES256 with jwksUrl`);
  }
  return stageConfig;
}

function loadAccount(name) {
  const file = path.join('config', 'accounts', `${name}.yml`);
  if (!fs.existsSync(path.join(root, file))) {
    throw new Error(`Unknown account "${name}": there is no ${file}. Known accounts: ${listYaml('config/accounts').join(', ')}.`);
  }
  return parseOrExplain(accountSchema, readYaml(path.join(root, file)), file);
}

const pascal = (name) => name.charAt(0).toUpperCase() + name.slice(1);
/** `UsersTable` -> `users`, `PokemonCacheTable` -> `pokemon-cache`. */
const tableSuffix = (logicalId) =>
  logicalId
    .replace(/Table$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
/** `UsersTable` -> `USERS_TABLE`: the environment variable that carries the table's name. */
const tableEnvName = (logicalId) => `${tableSuffix(logicalId).replace(/-/g, '_').toUpperCase()}_TABLE`;

function serviceResources(service) {
  const file = path.join(root, 'resources', `${service}.yml`);
  return fs.existsSync(file) ? (readYaml(file).Resources ?? {}) : {};
}

function serviceFunctions(service) {
  const file = path.join(root, 'functions', service, 'functions.yml');
  return fs.existsSync(file) ? (readYaml(file) ?? {}) : {};
}

function buildSettings(stage) {
  const stageConfig = loadStage(stage);
  const account = loadAccount(stageConfig.account);
  const services = ['platform', ...stageConfig.services];
  const prefix = `${SERVICE_NAME}-${stage}`;
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

  // Tables: the key design lives in resources/<service>.yml; names and durability come from the stage.
  const tableResources = {};
  const tableNames = {};
  for (const service of services) {
    for (const [logicalId, resource] of Object.entries(serviceResources(service))) {
      if (resource.Type !== 'AWS::DynamoDB::Table') {
        tableResources[logicalId] = resource;
        continue;
      }
      const tableName = `${prefix}-${tableSuffix(logicalId)}`;
      tableNames[tableEnvName(logicalId)] = tableName;
      tableResources[logicalId] = {
        ...resource,
        DeletionPolicy: stageConfig.tables.deletionPolicy,
        UpdateReplacePolicy: stageConfig.tables.updateReplacePolicy,
        Properties: {
          ...resource.Properties,
          TableName: tableName,
          BillingMode: stageConfig.tables.billingMode,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: stageConfig.tables.pointInTimeRecovery },
        },
      };
    }
  }

  // Functions: each gets its own role holding only its own statements (least privilege).
  const functions = {};
  const roles = {};
  for (const service of services) {
    for (const [name, definition] of Object.entries(serviceFunctions(service))) {
      const { iam = [], ...fn } = definition;
      const functionName = `${prefix}-${name}`;
      const roleId = `${pascal(name)}Role`;
      const statements = [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [
            {
              'Fn::Join': [
                ':',
                ['arn:aws:logs', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, `log-group:/aws/lambda/${functionName}:*`],
              ],
            },
          ],
        },
        ...iam,
      ];
      if (stageConfig.tracing) {
        // X-Ray's write actions support no resource-level scoping: "*" is the only valid resource.
        statements.push({ Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' });
      }
      roles[roleId] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
          },
          Policies: [{ PolicyName: `${functionName}-policy`, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        },
      };
      functions[name] = { ...fn, role: roleId };
    }
  }

  const { auth, pokemon } = stageConfig;
  const environment = {
    STAGE: stage,
    SERVICE_VERSION: version,
    LOG_LEVEL: stageConfig.logLevel,
    ENABLED_SERVICES: stageConfig.services.join(','),
    MAX_BODY_BYTES: String(stageConfig.http.maxBodyBytes),
    ...tableNames,
    FACTORIAL_MAX_NUMBER: String(stageConfig.factorial.maxNumber),
    EVENTS_MAX_RANGE_DAYS: String(stageConfig.events.maxRangeDays),
    // The upstream URLs may be overridden from the shell, e.g. to run locally against a stand-in.
    POKEAPI_URL: process.env.POKEAPI_URL || pokemon.pokeapiUrl,
    SHAKESPEARE_URL: process.env.SHAKESPEARE_URL || pokemon.shakespeareUrl,
    POKEMON_CACHE_TTL_SECONDS: String(pokemon.cacheTtlSeconds),
    UPSTREAM_TIMEOUT_MS: String(pokemon.upstreamTimeoutMs),
    TRANSLATOR_FALLBACK: String(pokemon.translatorFallback),
    AUTH_ALGORITHM: auth.algorithm,
    AUTH_ISSUER: auth.issuer,
    AUTH_AUDIENCE: auth.audience,
    AUTH_AUDIENCE_CLAIM: auth.audienceClaim,
    ...(auth.hs256Secret ? { AUTH_HS256_SECRET: auth.hs256Secret } : {}),
    ...(auth.jwksUrl ? { AUTH_JWKS_URL: auth.jwksUrl } : {}),
    METRICS_ENABLED: String(stageConfig.metrics.enabled),
    METRICS_NAMESPACE: stageConfig.metrics.namespace,
  };

  let dynamodbLocal = { noStart: true, migrate: false, seed: false };
  let offline = { httpPort: 3000, lambdaPort: 3002, noPrependStageInUrl: true };
  if (isLocalStage(stageConfig)) {
    // DYNAMODB_PORT / OFFLINE_PORT let two checkouts run their tests side by side.
    const port = Number(process.env.DYNAMODB_PORT || stageConfig.dynamodb.port);
    const httpPort = Number(process.env.OFFLINE_PORT || stageConfig.offline.httpPort);
    environment.DYNAMODB_ENDPOINT = `http://127.0.0.1:${port}`;
    environment.AWS_REGION = account.region;
    environment.AWS_ACCESS_KEY_ID = 'local';
    environment.AWS_SECRET_ACCESS_KEY = 'local';
    environment.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    // sls itself talks to DynamoDB Local (table creation) on the local Node 20: silence the same notice there.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    dynamodbLocal = {
      port,
      host: '127.0.0.1',
      inMemory: stageConfig.dynamodb.inMemory,
      sharedDb: true,
      migrate: true,
      seed: false, // seeding goes through the domain code: see plugins/local-dynamodb.cjs
      noStart: process.env.DYNAMODB_NO_START === 'true',
    };
    offline = {
      host: '127.0.0.1',
      httpPort,
      lambdaPort: Number(process.env.OFFLINE_LAMBDA_PORT || httpPort + 2),
      noPrependStageInUrl: true,
    };
  }

  const customDomain = customDomainResources(stage, stageConfig, account);

  return {
    stage,
    stageConfig,
    account,
    services,
    isLocal: isLocalStage(stageConfig),
    seed: Boolean(stageConfig.dynamodb?.seed),
    region: account.region,
    deploymentBucket: account.deploymentBucket ? { name: account.deploymentBucket } : undefined,
    logRetentionInDays: stageConfig.logs.retentionDays,
    tracing: { lambda: stageConfig.tracing, apiGateway: stageConfig.tracing },
    httpApi: {
      cors: { allowedOrigins: stageConfig.http.corsOrigins, allowedHeaders: ['Content-Type', 'Authorization'] },
    },
    environment,
    functions,
    resources: {
      Resources: {
        ...tableResources,
        ...roles,
        ...customDomain.resources,
        ...alarmResources(
          stageConfig.alarms,
          Object.keys(functions),
          Object.keys(tableResources).filter((id) => tableResources[id].Type === 'AWS::DynamoDB::Table'),
          account.alarmSubscribers,
          prefix,
        ),
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
    esbuildDefine: { 'process.env.TRACING_ENABLED': JSON.stringify(String(stageConfig.tracing)) },
    dynamodbLocal,
    offline,
  };
}

/**
 * The custom domain of the stage's account, if it has one: the stack of the account's `ownerStage` creates
 * the domain name (regional, TLS 1.2); every stage maps its API under its `http.basePath` (null: the root).
 */
function customDomainResources(stage, stageConfig, account) {
  const domain = account.customDomain;
  if (!domain) return { resources: {}, outputs: {} };
  const { basePath } = stageConfig.http;
  const owner = domain.ownerStage;
  const ownerFile = path.join(root, 'config', 'stages', `${owner}.yml`);
  if (!fs.existsSync(ownerFile) || readYaml(ownerFile).account !== stageConfig.account) {
    throw new Error(`config/accounts/${stageConfig.account}.yml: customDomain.ownerStage "${owner}" is not a stage of this account`);
  }
  for (const other of listYaml('config/stages')) {
    const otherConfig = other === stage ? null : readYaml(path.join(root, 'config', 'stages', `${other}.yml`));
    if (otherConfig?.account === stageConfig.account && (otherConfig.http?.basePath ?? null) === basePath) {
      throw new Error(`config/stages/${stage}.yml: stages ${stage} and ${other} would both map ${domain.domainName}/${basePath ?? ''}`);
    }
  }
  const resources = {};
  if (stage === owner) {
    resources.CustomDomainName = {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Properties: {
        DomainName: domain.domainName,
        DomainNameConfigurations: [
          { CertificateArn: domain.certificateArn, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' },
        ],
      },
    };
  }
  resources.CustomDomainApiMapping = {
    Type: 'AWS::ApiGatewayV2::ApiMapping',
    Properties: {
      ApiId: { Ref: 'HttpApi' },
      // In the owner's stack a Ref, so that CloudFormation creates the domain first.
      DomainName: stage === owner ? { Ref: 'CustomDomainName' } : domain.domainName,
      Stage: { Ref: 'HttpApiStage' },
      ...(basePath ? { ApiMappingKey: basePath } : {}),
    },
  };
  const outputs = {
    CustomDomainUrl: {
      Description: 'URL of the API on the custom domain',
      Value: `https://${domain.domainName}${basePath ? `/${basePath}` : ''}`,
    },
  };
  return { resources, outputs };
}

const cache = new Map();
/** Everything the stage's stack needs, validated; the same object for serverless.yml and for scripts. */
function settingsFor(stage) {
  if (!cache.has(stage)) cache.set(stage, buildSettings(stage));
  return cache.get(stage);
}

module.exports = async ({ resolveVariable }) => settingsFor(await resolveVariable('sls:stage'));
module.exports.settingsFor = settingsFor;
