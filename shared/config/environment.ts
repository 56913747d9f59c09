// The environment a function is deployed with, declared once. Each section is a group of variables and what
// the code reads from them; the configuration builder (config/environment.ts) gives each function only the
// sections its route spec implies, typed by this declaration, and `config()` validates a section the first
// time the code reads it, so a cold start reads only what the function uses.
// zod/mini rather than zod: the same validation at a sixth of the bundle size (see README).
import * as z from 'zod/mini';

const positiveInt = z.coerce.number().check(z.int(), z.positive());
const flag = z.pipe(z.enum(['true', 'false']), z.transform((value) => value === 'true'));
const withDefault = <S extends z.ZodMiniType>(schema: S, value: z.output<S>) => z._default(schema, value as never);

const section = <S extends z.ZodMiniObject, T>(schema: S, read: (env: z.output<S>) => T) => ({ schema, read });

export const sections = {
  // Every function: its log lines and metrics name the stage.
  stage: section(z.object({ STAGE: z.string().check(z.minLength(1)) }), (env) => env.STAGE),
  version: section(z.object({ SERVICE_VERSION: z.string().check(z.minLength(1)) }), (env) => env.SERVICE_VERSION),
  logLevel: section(
    z.object({ LOG_LEVEL: withDefault(z.enum(['debug', 'info', 'warn', 'error']), 'info') }),
    (env) => env.LOG_LEVEL,
  ),
  metrics: section(
    z.object({
      METRICS_ENABLED: withDefault(flag, false),
      METRICS_NAMESPACE: withDefault(z.string().check(z.minLength(1)), 'ServerlessApi'),
    }),
    (env) => ({ enabled: env.METRICS_ENABLED, namespace: env.METRICS_NAMESPACE }),
  ),
  // Routes with a body.
  maxBodyBytes: section(z.object({ MAX_BODY_BYTES: withDefault(positiveInt, 1048576) }), (env) => env.MAX_BODY_BYTES),
  // Routes with data access: the client's bounds, and the endpoint of DynamoDB Local in the local stages.
  dynamodb: section(
    z.object({
      DYNAMODB_ENDPOINT: z.optional(z.url()),
      DYNAMODB_CONNECTION_TIMEOUT_MS: withDefault(positiveInt, 500),
      DYNAMODB_REQUEST_TIMEOUT_MS: withDefault(positiveInt, 1000),
      DYNAMODB_MAX_ATTEMPTS: withDefault(positiveInt, 3),
    }),
    (env) => ({
      endpoint: env.DYNAMODB_ENDPOINT,
      connectionTimeoutMs: env.DYNAMODB_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: env.DYNAMODB_REQUEST_TIMEOUT_MS,
      maxAttempts: env.DYNAMODB_MAX_ATTEMPTS,
    }),
  ),
  // A function is given the names of the tables its route spec's `data` names, and no other.
  tables: section(
    z.object({
      USERS_TABLE: z.optional(z.string()),
      EVENTS_TABLE: z.optional(z.string()),
      POKEMON_CACHE_TABLE: z.optional(z.string()),
      ASSETS_TABLE: z.optional(z.string()),
    }),
    (env) => ({ users: env.USERS_TABLE, events: env.EVENTS_TABLE, pokemonCache: env.POKEMON_CACHE_TABLE, assets: env.ASSETS_TABLE }),
  ),
  // Protected routes.
  auth: section(
    z.object({
      AUTH_ALGORITHM: withDefault(z.enum(['HS256', 'RS256', 'ES256']), 'RS256'),
      AUTH_ISSUER: withDefault(z.string(), ''),
      AUTH_AUDIENCE: withDefault(z.string(), ''),
      AUTH_AUDIENCE_CLAIM: withDefault(z.enum(['aud', 'client_id']), 'aud'),
      AUTH_HS256_SECRET: z.optional(z.string()),
      AUTH_JWKS_URL: z.optional(z.url()),
    }),
    (env) => ({
      algorithm: env.AUTH_ALGORITHM,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      audienceClaim: env.AUTH_AUDIENCE_CLAIM,
      hs256Secret: env.AUTH_HS256_SECRET,
      jwksUrl: env.AUTH_JWKS_URL,
    }),
  ),
  // The services' own settings: every function of the service gets its service's section.
  factorial: section(
    z.object({ FACTORIAL_MAX_NUMBER: withDefault(z.coerce.number().check(z.int(), z.nonnegative()), 100000) }),
    (env) => ({ maxNumber: env.FACTORIAL_MAX_NUMBER }),
  ),
  events: section(z.object({ EVENTS_MAX_RANGE_DAYS: withDefault(positiveInt, 366) }), (env) => ({
    maxRangeDays: env.EVENTS_MAX_RANGE_DAYS,
  })),
  pokemon: section(
    z.object({
      POKEAPI_URL: withDefault(z.url(), 'https://pokeapi.co/api/v2'),
      SHAKESPEARE_URL: withDefault(z.url(), 'https://api.funtranslations.com'),
      POKEMON_CACHE_TTL_SECONDS: withDefault(positiveInt, 86400),
      UPSTREAM_TIMEOUT_MS: withDefault(positiveInt, 3000),
      TRANSLATOR_FALLBACK: withDefault(flag, true),
    }),
    (env) => ({
      pokeapiUrl: env.POKEAPI_URL.replace(/\/+$/, ''),
      shakespeareUrl: env.SHAKESPEARE_URL.replace(/\/+$/, ''),
      cacheTtlSeconds: env.POKEMON_CACHE_TTL_SECONDS,
      upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
      translatorFallback: env.TRANSLATOR_FALLBACK,
    }),
  ),
  // The notifications relay: who the emails come from, and SES's endpoint where it is a local stand-in.
  notifications: section(
    z.object({
      NOTIFICATIONS_SENDER: z.email(),
      SES_ENDPOINT: z.optional(z.url()),
    }),
    (env) => ({ sender: env.NOTIFICATIONS_SENDER, sesEndpoint: env.SES_ENDPOINT }),
  ),
  // The OpenAPI document: which services this stage deploys.
  enabledServices: section(z.object({ ENABLED_SERVICES: withDefault(z.string(), '') }), (env) =>
    env.ENABLED_SERVICES.split(',').filter(Boolean),
  ),
};

export type Section = keyof typeof sections;
export type Config = { [K in Section]: ReturnType<(typeof sections)[K]['read']> };
/** The table names a function can be given: `users` is USERS_TABLE. */
export type TableKey = keyof Config['tables'];

type Variables<K extends Section> = z.output<(typeof sections)[K]['schema']>;
/**
 * A section's variables as the configuration builder writes them: those the code always reads are required,
 * those it may go without (DynamoDB Local's endpoint, a local secret) optional.
 */
export type SectionEnvironment<K extends Section> = {
  [V in keyof Variables<K> as undefined extends Variables<K>[V] ? never : V]-?: string;
} & {
  [V in keyof Variables<K> as undefined extends Variables<K>[V] ? V : never]?: string;
};

/** The sections every function gets. */
export const baseSections = ['stage', 'version', 'logLevel', 'metrics'] as const satisfies Section[];
/** The sections of the services' own settings, by service. */
export const serviceSections = { factorial: 'factorial', events: 'events', pokemon: 'pokemon' } as const satisfies Record<string, Section>;
