// A function deployed with only its own environment (its route's sections, see config/environment.ts) serves its
// route: the cold start reads nothing it was not given.
import type { InvokeResult } from '../../helpers/lambda';
import { invoke } from '../../helpers/lambda';
import { bearer, tokenWithScope } from '../../helpers/tokens';
import { testSettings } from '../../stage';

type Handler = Parameters<typeof invoke>[0];

/** The function's handler, loaded fresh with exactly its deployed environment in process.env. */
function withOwnEnvironment<T>(name: string, run: (handler: Handler) => Promise<T>): Promise<T> {
  const fn = testSettings.functions[name]!;
  const saved = process.env;
  process.env = { PATH: saved.PATH, ...testSettings.providerEnvironment, ...fn.environment };
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler = require(`../../../${fn.handler.replace(/\.handler$/, '')}`).handler as Handler;
  });
  return run(handler!).finally(() => {
    process.env = saved;
  });
}

const call = (name: string, input: Parameters<typeof invoke>[1]): Promise<InvokeResult> =>
  withOwnEnvironment(name, (handler) => invoke(handler, input));

describe('a function with only its own environment', () => {
  it('health', async () => {
    expect((await call('health', { path: '/health' })).statusCode).toBe(200);
  });

  it('getFactorial', async () => {
    const result = await call('getFactorial', { path: '/api/v1/factorial', query: { number: '5' } });
    expect([result.statusCode, result.body]).toEqual([200, { number: 5, factorial: 120 }]);
  });

  it('openApiDocument documents every enabled service', async () => {
    const result = await call('openApiDocument', { path: '/openapi.json' });
    expect(result.statusCode).toBe(200);
    const tags = new Set(Object.values(result.body.paths as Record<string, Record<string, { tags: string[] }>>).flatMap((item) => Object.values(item).flatMap((op) => op.tags)));
    expect([...tags].sort()).toEqual([...testSettings.services].sort());
  });

  it('createUser then getUser, against DynamoDB Local', async () => {
    const user = { userId: `own-env-${Date.now()}`, name: 'Own Environment' };
    expect((await call('createUser', { method: 'POST', path: '/users', json: user })).statusCode).toBe(201);
    const read = await call('getUser', { path: `/users/${user.userId}`, routePath: '/users/{userId}', pathParameters: { userId: user.userId } });
    expect([read.statusCode, read.body]).toEqual([200, user]);
  });

  it('createAnalyst (a protected route) verifies the token with its own settings', async () => {
    const headers = bearer(await tokenWithScope('assets:write'));
    const result = await call('createAnalyst', { method: 'POST', path: '/api/v1/analysts', headers, json: { name: 'Own Environment', company: 'Env' } });
    expect(result.statusCode).toBe(201);
  });

  it('getDailySummary, whose route reads its service settings', async () => {
    const result = await call('getDailySummary', { path: '/summaries/daily/2017-10-28', routePath: '/summaries/daily/{date}', pathParameters: { date: '2017-10-28' } });
    expect(result.statusCode).toBe(200);
  });
});
