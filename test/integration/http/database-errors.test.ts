// Database failures against a real DynamoDB Local, through real handlers: a fault no retry cures (a missing table,
// a malformed request) is a 500 with the request id, logged with the error's name; an unreachable database is a
// 503 with Retry-After. (A frozen or killed database mid-request: test/reliability/faults.test.ts.)
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpLambda } from '#shared/http/handler';
import { invoke, type InvokeResult } from '../../helpers/lambda';

type Modules = {
  getUser: HttpLambda;
  malformedRead: HttpLambda;
};

/** A fresh function instance (config and DynamoDB client are per module registry) with `env` on top of the test stage's. */
function loadWith(env: Record<string, string>): Modules {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let modules: Modules | undefined;
  try {
    jest.isolateModules(() => {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { httpHandler } = require('#shared/http/handler') as typeof import('#shared/http/handler');
      const { defineRoute } = require('#shared/http/route') as typeof import('#shared/http/route');
      const { dynamo } = require('#shared/dynamo/client') as typeof import('#shared/dynamo/client');
      const { config, tableName } = require('#shared/config/index') as typeof import('#shared/config/index');
      config(); // read now, while process.env holds `env`
      const getUser = (require('../../../functions/users/get-user') as typeof import('../../../functions/users/get-user')).handler;
      /* eslint-enable @typescript-eslint/no-require-imports */
      const route = defineRoute({
        service: 'test',
        operationId: 'malformedRead',
        method: 'GET',
        path: '/malformed-read',
        summary: 'a GetItem with a key that is not the table key',
        responses: { 200: { description: 'never' } },
      });
      const malformedRead = httpHandler(route, async () => {
        await dynamo().send(new GetCommand({ TableName: tableName('users'), Key: { notTheKey: 'x' } }));
        return { status: 200 };
      });
      modules = { getUser, malformedRead };
    });
  } finally {
    process.env = saved;
  }
  return modules!;
}

const getUser = (handler: HttpLambda) =>
  invoke(handler, { path: '/users/ada', routePath: '/users/{userId}', pathParameters: { userId: 'ada' } });

let stdout: string[];
beforeEach(() => {
  stdout = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());
const requestLog = (requestId: string) =>
  stdout
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .find((line) => line.requestId === requestId && line.msg === 'request');

function expectFailed(result: InvokeResult, errorName: string) {
  expect(result.statusCode).toBe(500);
  expect(result.headers['Retry-After']).toBeUndefined();
  const requestId = result.headers['X-Request-Id']!;
  expect(result.body).toEqual({ error: `The request failed (request id ${requestId})` });
  expect(requestLog(requestId)).toMatchObject({ level: 'error', status: 500, error: { name: errorName } });
}

describe('a database fault that no retry cures', () => {
  it('answers a missing table with 500 and the request id, and logs ResourceNotFoundException', async () => {
    const { getUser: handler } = loadWith({ USERS_TABLE: 'dropin-no-such-table' });
    expectFailed(await getUser(handler), 'ResourceNotFoundException');
  });

  it('answers a malformed request (a key that is not the table key) with 500, and logs ValidationException', async () => {
    const { malformedRead } = loadWith({});
    expectFailed(await invoke(malformedRead, { path: '/malformed-read' }), 'ValidationException');
  });
});

describe('a database that cannot be reached', () => {
  it('answers a refused connection with 503, Retry-After and the request id', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const { getUser: handler } = loadWith({ DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` });
    const result = await getUser(handler);
    expect(result.statusCode).toBe(503);
    expect(result.headers['Retry-After']).toBe('1');
    expect(result.body.error).toContain(result.headers['X-Request-Id']);
    expect(requestLog(result.headers['X-Request-Id']!)).toMatchObject({ level: 'error', status: 503 });
  });
});
