// The YAML in config/: what a stage deploys and how (config/stages/<stage>.yml), and where
// (config/accounts/<name>.yml). Both are validated here; a mistake fails `sls` with the file and the field.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';

export const root = path.resolve(__dirname, '..');

/** The services a stage may deploy (besides `platform`, which every stage deploys). */
export const SERVICES = ['factorial', 'users', 'events', 'pokemon', 'assets'] as const;
export type Service = (typeof SERVICES)[number];

const url = z.string().url();
const stageSchema = z.strictObject({
  account: z.string().min(1),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']),
  services: z.array(z.enum(SERVICES)),
  offline: z.strictObject({ httpPort: z.number().int(), lambdaPort: z.number().int() }).optional(),
  dynamodb: z
    .strictObject({ port: z.number().int(), inMemory: z.boolean(), seed: z.boolean() })
    .optional(),
  // The DynamoDB client's bounds: a database that does not answer costs at most
  // maxAttempts x (connectionTimeoutMs + requestTimeoutMs) plus backoff. requestTimeoutMs is the longest one call
  // may wait; a function whose Lambda timeout cannot hold that gets less (config/environment.ts, requestTimeoutFor).
  database: z.strictObject({
    connectionTimeoutMs: z.number().int().positive(),
    requestTimeoutMs: z.number().int().positive(),
    maxAttempts: z.number().int().min(1).max(5),
  }),
  tables: z.strictObject({
    billingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']),
    pointInTimeRecovery: z.boolean(),
    // DynamoDB tables support Delete and Retain only (no Snapshot). updateReplacePolicy applies when a change
    // (e.g. a new key schema) makes CloudFormation replace the table: Retain keeps the old one and its data.
    deletionPolicy: z.enum(['Delete', 'Retain']),
    updateReplacePolicy: z.enum(['Delete', 'Retain']),
  }),
  logs: z.strictObject({ retentionDays: z.number().int().positive() }),
  // Deployed stages ship minified bundles; local ones keep names and whitespace, for a debugger and readable stacks.
  build: z.strictObject({ minify: z.boolean() }),
  tracing: z.boolean(),
  metrics: z.strictObject({ enabled: z.boolean(), namespace: z.string().min(1) }),
  alarms: z
    .strictObject({
      periodSeconds: z.number().int().positive(),
      errors: z.number().positive(),
      throttles: z.number().positive(),
      p99DurationMs: z.number().positive(),
      tableThrottles: z.number().positive(),
      // A stream consumer's IteratorAge: how long the oldest record waited before the function got it.
      streamIteratorAgeMs: z.number().int().positive(),
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
  // The notifications relay's email: the sender, the SES identity (its domain or address) the role may send as,
  // and SES's endpoint: null for AWS's own (in a local stage: the stand-in on loopback, see config/local.ts).
  notifications: z.strictObject({
    sender: z.string().email(),
    sesIdentity: z.string().min(1),
    sesEndpoint: url.nullable(),
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

export type StageConfig = z.infer<typeof stageSchema>;
export type Account = z.infer<typeof accountSchema>;

export const readYaml = (file: string): unknown => YAML.parse(fs.readFileSync(file, 'utf8'));

/** The names of the YAML files in a folder of config/, without `.yml`. */
export function listYaml(dir: 'stages' | 'accounts'): string[] {
  return fs
    .readdirSync(path.join(root, 'config', dir))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => name.slice(0, -4));
}

function parseOrExplain<S extends z.ZodType>(schema: S, value: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`${file} is invalid: ${problems.join('; ')}`);
}

/** A stage is local when it runs against DynamoDB Local instead of AWS. */
export const isLocalStage = (stageConfig: StageConfig): boolean => Boolean(stageConfig.dynamodb);

export function loadStage(stage: string): StageConfig {
  const file = path.join('config', 'stages', `${stage}.yml`);
  if (!fs.existsSync(path.join(root, file))) {
    throw new Error(`Unknown stage "${stage}": there is no ${file}. Known stages: ${listYaml('stages').join(', ')}.`);
  }
  const stageConfig = parseOrExplain(stageSchema, readYaml(path.join(root, file)), file);
  const { algorithm, hs256Secret, jwksUrl } = stageConfig.auth;
  if (algorithm === 'HS256' && !hs256Secret) throw new Error(`${file}: auth.algorithm HS256 needs auth.hs256Secret`);
  if (algorithm !== 'HS256' && !jwksUrl) throw new Error(`${file}: auth.algorithm ${algorithm} needs auth.jwksUrl`);
  if (hs256Secret && !isLocalStage(stageConfig)) {
    throw new Error(`${file}: a deployed stage must not keep a secret in the repository; use RS256/ES256 with jwksUrl`);
  }
  const { sender, sesIdentity } = stageConfig.notifications;
  if (sender !== sesIdentity && !sender.endsWith(`@${sesIdentity}`)) {
    throw new Error(`${file}: notifications.sender ${sender} is neither the SES identity ${sesIdentity} nor an address of its domain`);
  }
  return stageConfig;
}

export function loadAccount(name: string): Account {
  const file = path.join('config', 'accounts', `${name}.yml`);
  if (!fs.existsSync(path.join(root, file))) {
    throw new Error(`Unknown account "${name}": there is no ${file}. Known accounts: ${listYaml('accounts').join(', ')}.`);
  }
  return parseOrExplain(accountSchema, readYaml(path.join(root, file)), file);
}
