// Each function's environment: the sections of shared/config/environment.ts that its route implies, and
// no other. Every function: stage, version, log level, metrics. A body: its size limit. Data access: the
// DynamoDB client's bounds and the names of its own tables. A protected route: the token settings. And its
// service's own settings, plus any section the route asks for by name (`settings`). A stream consumer
// (shared/streams/consumer.ts) is read the same way: it has no body and no auth.
import {
  baseSections,
  serviceSections,
  type Section,
  type SectionEnvironment,
} from '../shared/config/environment';
import type { RouteSpec } from '../shared/http/route';
import { tableEnvName, tableLogicalId } from './tables';
import type { StageConfig } from './stages';

type Environment = Record<string, string>;
type Writers = { [K in Section]: () => SectionEnvironment<K> };

/** What the stage file says, as each section's variables. */
/** Where a local stage's functions find DynamoDB Local and the SES stand-in (config/local.ts). */
export interface LocalEndpoints {
  dynamodbEndpoint?: string;
  sesEndpoint?: string;
}

function sectionWriters(stage: string, version: string, stageConfig: StageConfig, tableNames: Environment, local: LocalEndpoints): Writers {
  const { auth, pokemon, database, notifications } = stageConfig;
  return {
    stage: () => ({ STAGE: stage }),
    version: () => ({ SERVICE_VERSION: version }),
    logLevel: () => ({ LOG_LEVEL: stageConfig.logLevel }),
    metrics: () => ({ METRICS_ENABLED: String(stageConfig.metrics.enabled), METRICS_NAMESPACE: stageConfig.metrics.namespace }),
    maxBodyBytes: () => ({ MAX_BODY_BYTES: String(stageConfig.http.maxBodyBytes) }),
    dynamodb: () => ({
      ...(local.dynamodbEndpoint ? { DYNAMODB_ENDPOINT: local.dynamodbEndpoint } : {}),
      DYNAMODB_CONNECTION_TIMEOUT_MS: String(database.connectionTimeoutMs),
      DYNAMODB_REQUEST_TIMEOUT_MS: String(database.requestTimeoutMs),
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
export type FunctionNeeds = Pick<RouteSpec, 'service' | 'body' | 'data' | 'auth' | 'settings'>;

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
  /** Every variable of the stage: what scripts and in-process tests run with. */
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
  const write = (section: Section): Environment => writers[section]() as Environment;
  return {
    of(name, route) {
      const environment: Environment = {};
      for (const section of sectionsOf(route)) {
        if (section !== 'tables') Object.assign(environment, write(section));
      }
      for (const { table } of route.data ?? []) {
        const variable = tableEnvName(tableLogicalId(table));
        const name = tableNames[variable];
        if (!name) throw new Error(`${name} uses table "${table}", which no resources/*.yml of this stage declares`);
        environment[variable] = name;
      }
      return environment;
    },
    all() {
      return Object.assign({}, ...(Object.keys(writers) as Section[]).map(write)) as Environment;
    },
  };
}
