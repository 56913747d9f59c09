// The one typed, validated configuration object, read from the environment.
// Configuration flows one way: config/*.yml -> serverless.yml -> environment -> here.
// Nothing else in the code reads process.env. A function's environment holds only the sections it uses
// (see ./environment.ts); each section is validated the first time it is read, so a cold start validates
// exactly what the function needs, and a missing variable fails the first request that needs it.
import { sections, type Config, type Section } from '#shared/config/environment';

export type { Config, TableKey } from '#shared/config/environment';

type Environment = Record<string, string | undefined>;

class InvalidConfiguration extends Error {}

function readSection<K extends Section>(name: K, env: Environment): Config[K] {
  const { variables, read } = sections[name];
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [variable, rule] of Object.entries(variables)) {
    const text = env[variable];
    if (text === undefined) {
      if (rule.fallback === undefined && !rule.optional) problems.push(`${variable}: is required`);
      values[variable] = rule.fallback;
      continue;
    }
    const parsed = rule.parse(text);
    if ('problem' in parsed) problems.push(`${variable}: ${parsed.problem}`);
    else values[variable] = parsed.value;
  }
  if (problems.length) throw new InvalidConfiguration(`Invalid configuration: ${problems.join('; ')}`);
  return (read as (value: unknown) => Config[K])(values);
}

/** Every section of `env`, validated now: for tools and tests that want all problems at once. */
export function loadConfig(env: Environment): Config {
  const config = {} as Record<Section, unknown>;
  const problems: string[] = [];
  for (const name of Object.keys(sections) as Section[]) {
    try {
      config[name] = readSection(name, env);
    } catch (error) {
      if (!(error instanceof InvalidConfiguration)) throw error;
      problems.push(error.message.replace(/^Invalid configuration: /, ''));
    }
  }
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return config as Config;
}

/** A view of `env` whose sections are validated when first read, and then kept. */
function lazyConfig(env: Environment): Config {
  const values: Partial<Config> = {};
  const view = {} as Config;
  for (const name of Object.keys(sections) as Section[]) {
    Object.defineProperty(view, name, {
      enumerable: true,
      get: () => (values[name] ??= readSection(name, env) as never),
    });
  }
  return view;
}

let current: Config | undefined;

/** The configuration of this function instance: the environment as it was at the first call (cold start). */
export function config(): Config {
  current ??= lazyConfig({ ...process.env });
  return current;
}

/**
 * One section as the environment says now, without fixing this instance's configuration: for the route modules,
 * which read their limits when they load, and load in the configuration builder and in scripts before the
 * stage's environment is in place. In a function the environment never changes, so this equals config()[name].
 */
export function settingNow<K extends Section>(name: K): Config[K] {
  return readSection(name, process.env);
}

/** The name of a table this function uses; a missing one is a deployment mistake, not a request error. */
export function tableName(table: keyof Config['tables']): string {
  const name = config().tables[table];
  if (!name) throw new Error(`No table name configured for "${table}"`);
  return name;
}
