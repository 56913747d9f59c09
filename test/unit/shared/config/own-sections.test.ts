// A cold start validates only the sections the function reads (shared/config/index.ts): another service's invalid
// setting does not stop a function that never reads it, and the same value in the function's own section fails at
// the read, naming the variable. (test/integration/config/own-environment.test.ts runs handlers with only their own
// environment; most variables have defaults there, so it cannot tell an unread section from a defaulted one.)
import { loadConfig, type Config } from '#shared/config/index';
import { invoke } from '../../../helpers/lambda';
import { testSettings } from '../../../stage';

type Handler = Parameters<typeof invoke>[0];

/** Values that no rule of their sections accepts, one or more per section no users function reads. */
const invalidElsewhere = {
  FACTORIAL_MAX_NUMBER: 'abc',
  EVENTS_MAX_RANGE_DAYS: '0',
  AUTH_ALGORITHM: 'none',
  AUTH_JWKS_URL: 'not a url',
  POKEAPI_URL: 'not a url',
  TRANSLATOR_FALLBACK: 'maybe',
  NOTIFICATIONS_SENDER: 'nobody',
};

/** Runs `body` with exactly `env` in process.env and fresh modules (so `config()` starts cold); answers what it returns. */
async function withEnvironment<T>(env: Record<string, string>, body: (load: (module: string) => unknown) => T | Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = { PATH: saved.PATH, ...env };
  try {
    let result: T | undefined;
    await jest.isolateModulesAsync(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      result = await body((module) => require(module));
    });
    return result!;
  } finally {
    process.env = saved;
  }
}

const freshConfig = (load: (module: string) => unknown) => (load('#shared/config/index') as { config: () => Config }).config();
const ownEnvironment = (name: string) => ({ ...testSettings.providerEnvironment, ...testSettings.functions[name]!.environment });

describe('a cold start reads only its own sections', () => {
  it('is given an environment that is invalid as a whole', () => {
    const everything = () => loadConfig({ ...ownEnvironment('getUser'), ...invalidElsewhere });
    for (const variable of Object.keys(invalidElsewhere)) expect(everything).toThrow(`${variable}: `);
    for (const variable of Object.keys(invalidElsewhere)) expect(Object.keys(ownEnvironment('getUser'))).not.toContain(variable);
  });

  it("reads a users function's sections while other services' variables are invalid", async () => {
    const read = await withEnvironment({ ...ownEnvironment('getUser'), ...invalidElsewhere }, (load) => {
      const config = freshConfig(load);
      return { stage: config.stage, users: config.tables.users, maxAttempts: config.dynamodb.maxAttempts, logLevel: config.logLevel };
    });
    expect(read).toEqual({
      stage: 'test',
      users: testSettings.environment.USERS_TABLE,
      maxAttempts: Number(testSettings.environment.DYNAMODB_MAX_ATTEMPTS),
      logLevel: testSettings.environment.LOG_LEVEL,
    });
  });

  it.each([
    ['factorial', 'FACTORIAL_MAX_NUMBER: must be an integer of at least 0'],
    ['events', 'EVENTS_MAX_RANGE_DAYS: must be an integer of at least 1'],
    ['auth', 'AUTH_ALGORITHM: must be one of HS256, RS256, ES256; AUTH_JWKS_URL: must be a URL'],
    ['pokemon', 'POKEAPI_URL: must be a URL; TRANSLATOR_FALLBACK: must be true or false'],
    ['notifications', 'NOTIFICATIONS_SENDER: must be an email address'],
  ] as const)('fails at the first read of the %s section, naming what is wrong in it alone', async (section, problems) => {
    const reads = await withEnvironment({ ...ownEnvironment('getUser'), ...invalidElsewhere }, (load) => {
      const config = freshConfig(load);
      const users = config.tables.users;
      const own = (() => {
        try {
          return { value: config[section] };
        } catch (error) {
          return { error: (error as Error).message };
        }
      })();
      return { users, own };
    });
    expect(reads).toEqual({ users: testSettings.environment.USERS_TABLE, own: { error: `Invalid configuration: ${problems}` } });
  });

  it('serves getUser when every section it does not read is invalid', async () => {
    const result = await withEnvironment({ ...ownEnvironment('getUser'), ...invalidElsewhere }, (load) => {
      const { handler } = load('../../../../functions/users/get-user') as { handler: Handler };
      // A userId no user can have: answered by the route's own validation, before any DynamoDB call.
      return invoke(handler, { path: '/users/a%20b', routePath: '/users/{userId}', pathParameters: { userId: 'a b' } });
    });
    expect([result.statusCode, result.body.error]).toEqual([400, 'userId must be 1 to 128 characters of letters, digits and _ . @ -']);
  });

  it('refuses to load getFactorial when its own section is invalid, naming the variable', async () => {
    await expect(
      withEnvironment({ ...ownEnvironment('getFactorial'), FACTORIAL_MAX_NUMBER: 'abc' }, (load) => load('../../../../functions/factorial/get-factorial')),
    ).rejects.toThrow('Invalid configuration: FACTORIAL_MAX_NUMBER: must be an integer of at least 0');
  });
});
