// The one typed, validated configuration object, read from the environment at cold start.
// Configuration flows one way: config/*.yml -> serverless.yml -> environment -> here.
// Nothing else in the code reads process.env.
// zod/mini rather than zod: the same validation at a sixth of the bundle size (see README).
import * as z from 'zod/mini';

const positiveInt = z.coerce.number().check(z.int(), z.positive());
const flag = z.pipe(z.enum(['true', 'false']), z.transform((value) => value === 'true'));
const optionalUrl = z.optional(z.url());
const withDefault = <S extends z.ZodMiniType>(schema: S, value: z.output<S>) => z._default(schema, value as never);

const environmentSchema = z.object({
  STAGE: z.string().check(z.minLength(1)),
  SERVICE_VERSION: z.string().check(z.minLength(1)),
  LOG_LEVEL: withDefault(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  ENABLED_SERVICES: withDefault(z.string(), ''),
  MAX_BODY_BYTES: withDefault(positiveInt, 1048576),
  DYNAMODB_ENDPOINT: optionalUrl,
  USERS_TABLE: z.optional(z.string()),
  EVENTS_TABLE: z.optional(z.string()),
  POKEMON_CACHE_TABLE: z.optional(z.string()),
  ASSETS_TABLE: z.optional(z.string()),
  FACTORIAL_MAX_NUMBER: withDefault(z.coerce.number().check(z.int(), z.nonnegative()), 100000),
  EVENTS_MAX_RANGE_DAYS: withDefault(positiveInt, 366),
  POKEAPI_URL: withDefault(z.url(), 'https://pokeapi.co/api/v2'),
  SHAKESPEARE_URL: withDefault(z.url(), 'https://api.funtranslations.com'),
  POKEMON_CACHE_TTL_SECONDS: withDefault(positiveInt, 86400),
  UPSTREAM_TIMEOUT_MS: withDefault(positiveInt, 3000),
  TRANSLATOR_FALLBACK: withDefault(flag, true),
  AUTH_ALGORITHM: withDefault(z.enum(['HS256', 'RS256', 'ES256']), 'RS256'),
  AUTH_ISSUER: withDefault(z.string(), ''),
  AUTH_AUDIENCE: withDefault(z.string(), ''),
  AUTH_AUDIENCE_CLAIM: withDefault(z.enum(['aud', 'client_id']), 'aud'),
  AUTH_HS256_SECRET: z.optional(z.string()),
  AUTH_JWKS_URL: optionalUrl,
  METRICS_ENABLED: withDefault(flag, false),
  METRICS_NAMESPACE: withDefault(z.string().check(z.minLength(1)), 'ServerlessApi'),
});

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.output<typeof environmentSchema>) {
  return {
    stage: env.STAGE,
    version: env.SERVICE_VERSION,
    logLevel: env.LOG_LEVEL,
    enabledServices: env.ENABLED_SERVICES.split(',').filter(Boolean),
    maxBodyBytes: env.MAX_BODY_BYTES,
    dynamodb: { endpoint: env.DYNAMODB_ENDPOINT },
    tables: {
      users: env.USERS_TABLE,
      events: env.EVENTS_TABLE,
      pokemonCache: env.POKEMON_CACHE_TABLE,
      assets: env.ASSETS_TABLE,
    },
    factorial: { maxNumber: env.FACTORIAL_MAX_NUMBER },
    events: { maxRangeDays: env.EVENTS_MAX_RANGE_DAYS },
    pokemon: {
      pokeapiUrl: env.POKEAPI_URL.replace(/\/+$/, ''),
      shakespeareUrl: env.SHAKESPEARE_URL.replace(/\/+$/, ''),
      cacheTtlSeconds: env.POKEMON_CACHE_TTL_SECONDS,
      upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
      translatorFallback: env.TRANSLATOR_FALLBACK,
    },
    metrics: { enabled: env.METRICS_ENABLED, namespace: env.METRICS_NAMESPACE },
    auth: {
      algorithm: env.AUTH_ALGORITHM,
      issuer: env.AUTH_ISSUER,
      audience: env.AUTH_AUDIENCE,
      audienceClaim: env.AUTH_AUDIENCE_CLAIM,
      hs256Secret: env.AUTH_HS256_SECRET,
      jwksUrl: env.AUTH_JWKS_URL,
    },
  };
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return toConfig(parsed.data);
}

let current: Config | undefined;

/** The configuration of this function instance, validated once on first use. */
export function config(): Config {
  current ??= loadConfig(process.env);
  return current;
}

/** The name of a table this function uses; a missing one is a deployment mistake, not a request error. */
export function tableName(table: keyof Config['tables']): string {
  const name = config().tables[table];
  if (!name) throw new Error(`No table name configured for "${table}"`);
  return name;
}
