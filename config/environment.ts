// Each function's environment: the sections of shared/config/environment.ts that its route implies, and
// no other. Every function: stage, version, log level, metrics. A body: its size limit. Data access: the
// DynamoDB client's bounds (its request timeout fitted to the function's own timeout, `requestTimeoutFor`) and
// the names of its own tables. A protected route: the token settings. And its
// service's own settings, plus any section the route asks for by name (`settings`). A stream consumer
// (shared/streams/consumer.ts) is read the same way: it has no body and no auth.
import {
  baseSections,
  serviceSections,
  type Section,
  type SectionEnvironment,
} from '../shared/config/environment';
import type { RouteSpec } from '../shared/http/route';
import { DEFAULT_TIMEOUT_SECONDS, timeoutSecondsOf } from './functions';
import { tableEnvName, tableLogicalId } from './tables';
import type { StageConfig } from './stages';

type Environment = Record<string, string>;
/** What a section's variables may depend on beyond the stage: the function's own Lambda timeout. */
interface FunctionFacts {
  timeoutSeconds: number;
}
type Writers = { [K in Section]: (fn: FunctionFacts) => SectionEnvironment<K> };

/** What a function's timeout must hold beyond its DynamoDB attempts: the SDK's backoff between them (< 1 s), and a margin. */
export const RETRY_ALLOWANCE_MS = 1200;

/**
 * How long one DynamoDB call may wait in a function of this timeout: the stage's `requestTimeoutMs`, or less when
 * maxAttempts x (connection + request timeout) plus the retry allowance would not fit in the function's timeout.
 * So a database that never answers is a 503 before any function times out, and a function given more time than the
 * others (postEvents, whose transactions DynamoDB Local runs one at a time) lets a slow call use it.
 */
export function requestTimeoutFor(database: StageConfig['database'], timeoutSeconds: number): number {
  const room = Math.floor((timeoutSeconds * 1000 - RETRY_ALLOWANCE_MS) / database.maxAttempts) - database.connectionTimeoutMs;
  if (room < 100) {
    throw new Error(`A ${timeoutSeconds} s function leaves no time for ${database.maxAttempts} DynamoDB attempts of ${database.connectionTimeoutMs} ms to connect: lower database.maxAttempts or connectionTimeoutMs`);
  }
  return Math.min(database.requestTimeoutMs, room);
}

/** Where a local stage's functions find DynamoDB Local and the SES stand-in (config/local.ts). */
export interface LocalEndpoints {
  dynamodbEndpoint?: string;
  sesEndpoint?: string;
}

/** What the stage file says, as each section's variables. */
function sectionWriters(stage: string, version: string, stageConfig: StageConfig, tableNames: Environment, local: LocalEndpoints): Writers {
  const { auth, pokemon, database, notifications } = stageConfig;
  return {
    stage: () => ({ STAGE: stage }),
    version: () => ({ SERVICE_VERSION: version }),
    logLevel: () => ({ LOG_LEVEL: stageConfig.logLevel }),
    metrics: () => ({ METRICS_ENABLED: String(stageConfig.metrics.enabled), METRICS_NAMESPACE: stageConfig.metrics.namespace }),
    maxBodyBytes: () => ({ MAX_BODY_BYTES: String(stageConfig.http.maxBodyBytes) }),
    dynamodb: ({ timeoutSeconds }) => ({
      ...(local.dynamodbEndpoint ? { DYNAMODB_ENDPOINT: local.dynamodbEndpoint } : {}),
      DYNAMODB_CONNECTION_TIMEOUT_MS: String(database.connectionTimeoutMs),
      DYNAMODB_REQUEST_TIMEOUT_MS: String(requestTimeoutFor(database, timeoutSeconds)),
      DYNAMODB_MAX_ATTEMPTS: String(database.maxAttempts),
    }),
    tables: () => tableNames,
    auth: () => ({
      AUTH_ALGORITHM: auth.algorithm,
      AUTH_ISSUER: auth.issuer,
      AUTH_AUDIENCE: auth.audience,
      AUTH_AUDIENCE_CLAIM: auth.audienceClaim,
      ...(auth.hs256Secret ? { AUTH_HS256_SECRET: auth.hs256Secret } : {}),
      ...(auth.jwksUrl ? { AUTH_JWKS_URL: auth.jwksUrl } : {}),
    }),
    factorial: () => ({ FACTORIAL_MAX_NUMBER: String(stageConfig.factorial.maxNumber) }),
    events: () => ({ EVENTS_MAX_RANGE_DAYS: String(stageConfig.events.maxRangeDays) }),
    pokemon: () => ({
      // The upstream URLs may be overridden from the shell, e.g. to run locally against a stand-in.
      POKEAPI_URL: process.env.POKEAPI_URL || pokemon.pokeapiUrl,
      SHAKESPEARE_URL: process.env.SHAKESPEARE_URL || pokemon.shakespeareUrl,
      POKEMON_CACHE_TTL_SECONDS: String(pokemon.cacheTtlSeconds),
      UPSTREAM_TIMEOUT_MS: String(pokemon.upstreamTimeoutMs),
      TRANSLATOR_FALLBACK: String(pokemon.translatorFallback),
    }),
    notifications: () => {
      // The stage file's endpoint, else a local stage's stand-in (SES_STAND_IN_PORT moves it, see config/local.ts).
      const sesEndpoint = notifications.sesEndpoint ?? local.sesEndpoint;
      return { NOTIFICATIONS_SENDER: notifications.sender, ...(sesEndpoint ? { SES_ENDPOINT: sesEndpoint } : {}) };
    },
    enabledServices: () => ({ ENABLED_SERVICES: stageConfig.services.join(',') }),
  };
}

/** What a function's environment follows from: a route spec, or a stream consumer's spec. */
export type FunctionNeeds = Pick<RouteSpec, 'service' | 'body' | 'data' | 'auth' | 'settings' | 'lambda'>;

/** The sections a function reads. */
export function sectionsOf(route: FunctionNeeds): Section[] {
  const sections = new Set<Section>(baseSections);
  if (route.body) sections.add('maxBodyBytes');
  if (route.data?.length) sections.add('dynamodb').add('tables');
  if (route.auth) sections.add('auth');
  const own = serviceSections[route.service as keyof typeof serviceSections];
  if (own) sections.add(own);
  for (const section of route.settings ?? []) sections.add(section);
  return [...sections];
}

export interface EnvironmentBuilder {
  /** The environment of the function `name` of `route`. */
  of(name: string, route: FunctionNeeds): Environment;
  /** Every variable of the stage, as a function of the default timeout has them: what scripts and in-process tests run with. */
  all(): Environment;
}

export function environmentBuilder(
  stage: string,
  version: string,
  stageConfig: StageConfig,
  tableNames: Environment,
  local: LocalEndpoints = {},
): EnvironmentBuilder {
  const writers = sectionWriters(stage, version, stageConfig, tableNames, local);
  const write = (section: Section, fn: FunctionFacts): Environment => writers[section](fn) as Environment;
  return {
    of(name, route) {
      const environment: Environment = {};
      const fn = { timeoutSeconds: timeoutSecondsOf(route) };
      for (const section of sectionsOf(route)) {
        if (section !== 'tables') Object.assign(environment, write(section, fn));
      }
      for (const { table } of route.data ?? []) {
        const variable = tableEnvName(tableLogicalId(table));
        const tableName = tableNames[variable];
        if (!tableName) throw new Error(`${name} uses table "${table}", which no resources/*.yml of this stage declares`);
        environment[variable] = tableName;
      }
      return environment;
    },
    all() {
      const fn = { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS };
      return Object.assign({}, ...(Object.keys(writers) as Section[]).map((section) => write(section, fn))) as Environment;
    },
  };
}
