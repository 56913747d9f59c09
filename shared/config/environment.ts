// The environment a function is deployed with, declared once. Each section is a group of variables and what
// the code reads from them; the configuration builder (config/environment.ts) gives each function only the
// sections its route spec implies, typed by this declaration, and `config()` validates a section the first
// time the code reads it, so a cold start reads only what the function uses.
// The rules are a few lines of our own rather than zod schemas: every variable is a string checked by one of a
// handful of rules, and every cold start reads some before anything else; with zod, building and running those
// schemas was 3 ms of a health check's cold start in the prod build, 9 ms in the local one (BENCHMARKS.md).

/** One variable: how its text becomes a value (or why it cannot), and what an unset one means. */
interface Variable<T> {
  parse(text: string): { value: T } | { problem: string };
  /** Unset: this value; without one (and not optional) the variable is required. */
  fallback?: T;
  optional?: boolean;
}
type Rule<T> = Variable<T>['parse'];

const ok = <T>(value: T) => ({ value });
const text: Rule<string> = (value) => ok(value);
const nonEmpty: Rule<string> = (value) => (value.length > 0 ? ok(value) : { problem: 'must not be empty' });
const oneOf =
  <const T extends string>(...values: T[]): Rule<T> =>
  (value) =>
    (values as string[]).includes(value) ? ok(value as T) : { problem: `must be one of ${values.join(', ')}` };
const integer =
  (min: number): Rule<number> =>
  (value) => {
    const number = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isInteger(number) && number >= min ? ok(number) : { problem: `must be an integer of at least ${min}` };
  };
const positiveInt = integer(1);
const flag: Rule<boolean> = (value) => (value === 'true' || value === 'false' ? ok(value === 'true') : { problem: 'must be true or false' });
const url: Rule<string> = (value) => (URL.canParse(value) ? ok(value) : { problem: 'must be a URL' });
const email: Rule<string> = (value) => (/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(value) ? ok(value) : { problem: 'must be an email address' });

const required = <T>(parse: Rule<T>): Variable<T> => ({ parse });
const optional = <T>(parse: Rule<T>): Variable<T | undefined> => ({ parse, optional: true });
const withDefault = <T>(parse: Rule<T>, fallback: T): Variable<T> => ({ parse, fallback });

type Values<V extends Record<string, Variable<unknown>>> = { [N in keyof V]: V[N] extends Variable<infer T> ? T : never };
const section = <V extends Record<string, Variable<unknown>>, T>(variables: V, read: (env: Values<V>) => T) => ({ variables, read });

export const sections = {
  // Every function: its log lines and metrics name the stage.
  stage: section({ STAGE: required(nonEmpty) }, (env) => env.STAGE),
  version: section({ SERVICE_VERSION: required(nonEmpty) }, (env) => env.SERVICE_VERSION),
  logLevel: section(
    { LOG_LEVEL: withDefault(oneOf('debug', 'info', 'warn', 'error'), 'info') },
    (env) => env.LOG_LEVEL,
  ),
  metrics: section(
    {
      METRICS_ENABLED: withDefault(flag, false),
      METRICS_NAMESPACE: withDefault(nonEmpty, 'ServerlessApi'),
    },
    (env) => ({ enabled: env.METRICS_ENABLED, namespace: env.METRICS_NAMESPACE }),
  ),
  // Routes with a body.
  maxBodyBytes: section({ MAX_BODY_BYTES: withDefault(positiveInt, 1048576) }, (env) => env.MAX_BODY_BYTES),
  // Routes with data access: the client's bounds, and the endpoint of DynamoDB Local in the local stages.
  dynamodb: section(
    {
      DYNAMODB_ENDPOINT: optional(url),
      DYNAMODB_CONNECTION_TIMEOUT_MS: withDefault(positiveInt, 500),
      DYNAMODB_REQUEST_TIMEOUT_MS: withDefault(positiveInt, 1000),
      DYNAMODB_MAX_ATTEMPTS: withDefault(positiveInt, 3),
    },
    (env) => ({
      endpoint: env.DYNAMODB_ENDPOINT,
      connectionTimeoutMs: env.DYNAMODB_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: env.DYNAMODB_REQUEST_TIMEOUT_MS,
      maxAttempts: env.DYNAMODB_MAX_ATTEMPTS,
    }),
  ),
  // A function is given the names of the tables its route spec's `data` names, and no other.
  tables: section(
    {
      USERS_TABLE: optional(text),
      EVENTS_TABLE: optional(text),
      POKEMON_CACHE_TABLE: optional(text),
      ASSETS_TABLE: optional(text),
    },
    (env) => ({ users: env.USERS_TABLE, events: env.EVENTS_TABLE, pokemonCache: env.POKEMON_CACHE_TABLE, assets: env.ASSETS_TABLE }),
  ),
  // Protected routes.
  auth: section(
    {
      AUTH_ALGORITHM: withDefault(oneOf('HS256', 'RS256', 'ES256'), 'RS256'),
      AUTH_ISSUER: withDefault(text, ''),
      AUTH_AUDIENCE: withDefault(text, ''),
      AUTH_AUDIENCE_CLAIM: withDefault(oneOf('aud', 'client_id'), 'aud'),
      AUTH_HS256_SECRET: optional(text),
      AUTH_JWKS_URL: optional(url),
    },
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
    { FACTORIAL_MAX_NUMBER: withDefault(integer(0), 100000) },
    (env) => ({ maxNumber: env.FACTORIAL_MAX_NUMBER }),
  ),
  events: section({ EVENTS_MAX_RANGE_DAYS: withDefault(positiveInt, 366) }, (env) => ({
    maxRangeDays: env.EVENTS_MAX_RANGE_DAYS,
  })),
  pokemon: section(
    {
      POKEAPI_URL: withDefault(url, 'https://pokeapi.co/api/v2'),
      SHAKESPEARE_URL: withDefault(url, 'https://api.funtranslations.com'),
      POKEMON_CACHE_TTL_SECONDS: withDefault(positiveInt, 86400),
      UPSTREAM_TIMEOUT_MS: withDefault(positiveInt, 3000),
      TRANSLATOR_FALLBACK: withDefault(flag, true),
    },
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
    {
      NOTIFICATIONS_SENDER: required(email),
      SES_ENDPOINT: optional(url),
    },
    (env) => ({ sender: env.NOTIFICATIONS_SENDER, sesEndpoint: env.SES_ENDPOINT }),
  ),
  // The OpenAPI document: which services this stage deploys.
  enabledServices: section({ ENABLED_SERVICES: withDefault(text, '') }, (env) =>
    env.ENABLED_SERVICES.split(',').filter(Boolean),
  ),
};

export type Section = keyof typeof sections;
export type Config = { [K in Section]: ReturnType<(typeof sections)[K]['read']> };
/** The table names a function can be given: `users` is USERS_TABLE. */
export type TableKey = keyof Config['tables'];

type Variables<K extends Section> = Values<(typeof sections)[K]['variables']>;
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
