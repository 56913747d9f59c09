// The handler factory, once, through a real Middy stack and real API Gateway v2 events.
import * as z from 'zod/mini';
import { httpHandler } from '#shared/http/handler';
import { ConflictError, NotFoundError } from '#shared/http/errors';
import { defineRoute, lazySchema } from '#shared/http/route';
import { apiGatewayEvent, invoke, lambdaContext } from '../../../helpers/lambda';
import { captureStdout, catchStdoutInEachTest } from '../../../helpers/stdout';

process.env.LOG_LEVEL = 'info'; // read lazily, on the first request: the log line test needs info lines

const echoRoute = defineRoute({
  service: 'test',
  operationId: 'echo',
  method: 'POST',
  path: '/echo/{id}',
  summary: 'echo',
  params: lazySchema(() => z.object({ id: z.string().check(z.regex(/^[a-z]+$/, 'id must be lowercase letters')) })),
  query: lazySchema(() => z.object({ n: z.optional(z.string()) })),
  body: lazySchema(() => z.object({ name: z.string({ error: 'name must be a string' }) })),
  responses: { 201: { description: 'echoed' } },
});

const echo = httpHandler(echoRoute, ({ params, body }) => ({ status: 201, body: { id: params.id, name: body.name } }));
const post = (overrides: Partial<Parameters<typeof invoke>[1]> = {}) =>
  invoke(echo, { method: 'POST', path: '/echo/abc', routePath: '/echo/{id}', pathParameters: { id: 'abc' }, json: { name: 'Ada' }, ...overrides });
/** A valid POST to a handler of the echo route that throws `error`. */
const postThrowing = (error: Error) =>
  invoke(
    httpHandler(echoRoute, () => {
      throw error;
    }),
    { method: 'POST', path: '/echo/abc', pathParameters: { id: 'abc' }, json: { name: 'x' } },
  );

/** Invokes `failing` on a valid request, with what it wrote to stdout. */
async function invokeCapturing(failing: Parameters<typeof invoke>[0]) {
  const stdout = captureStdout();
  try {
    const result = await invoke(failing, { method: 'POST', path: '/echo/abc', pathParameters: { id: 'abc' }, json: { name: 'x' } });
    return { result, stdout };
  } finally {
    stdout.restore();
  }
}

describe('httpHandler', () => {
  catchStdoutInEachTest(); // quiet: the tests that read the log lines catch their own

  it('answers with the handler status, a JSON body and the request id', async () => {
    const result = await post();
    expect(result.statusCode).toBe(201);
    expect(result.body).toEqual({ id: 'abc', name: 'Ada' });
    expect(result.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(result.headers['X-Request-Id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adds security headers to every response', async () => {
    const result = await post();
    expect(result.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(result.headers['Strict-Transport-Security']).toContain('max-age');
  });

  it('rejects an invalid path parameter with 400 and details naming the field', async () => {
    const result = await post({ path: '/echo/ABC', pathParameters: { id: 'ABC' } });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: 'id must be lowercase letters',
      details: [{ field: 'path.id', message: 'id must be lowercase letters' }],
    });
  });

  it('names each problem once, also when two checks of a field fail with the same message', async () => {
    const twice = 'code must be 1 to 3 digits';
    const strict = defineRoute({
      ...echoRoute,
      operationId: 'twice',
      body: undefined,
      query: lazySchema(() => z.object({ code: z.string().check(z.regex(/^[0-9]+$/, twice), z.maxLength(3, twice), z.regex(/^[0-9]+$/, 'digits only')) })),
    });
    const handler = httpHandler(strict, () => ({ status: 201 }));
    const result = await invoke(handler, { path: '/echo/abc', pathParameters: { id: 'abc' }, query: { code: 'abcd' } });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: twice,
      details: [
        { field: 'query.code', message: twice },
        { field: 'query.code', message: 'digits only' },
      ],
    });
  });

  it('rejects a wrongly typed body field with 400', async () => {
    const result = await post({ json: { name: 42 } });
    expect(result.statusCode).toBe(400);
    expect(result.body.details).toEqual([{ field: 'body.name', message: 'name must be a string' }]);
  });

  it('rejects a body that is not JSON with 400', async () => {
    const result = await post({ json: undefined, body: '{"name":', headers: { 'content-type': 'application/json' } });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({ error: 'The request body is not valid JSON' });
  });

  it('rejects a body without a JSON content type with 415', async () => {
    const result = await post({ json: undefined, body: 'name=Ada', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(result.statusCode).toBe(415);
    expect(result.body.error).toMatch(/Content-Type: application\/json/);
  });

  it('rejects a missing body with 415 when no content type is given', async () => {
    const result = await post({ json: undefined });
    expect(result.statusCode).toBe(415);
  });

  it('answers 400, not 500, for a body that sls offline passes as null (a JSON body of null)', async () => {
    const event = apiGatewayEvent({ method: 'POST', path: '/echo/abc', pathParameters: { id: 'abc' }, headers: { 'content-type': 'application/json' } });
    const result = await echo({ ...event, body: null as unknown as string }, lambdaContext());
    expect(result.statusCode).toBe(400);
  });

  it('rejects a body over the configured size with 413 before parsing it', async () => {
    const result = await post({ json: { name: 'x'.repeat(Number(process.env.MAX_BODY_BYTES) + 1) } });
    expect(result.statusCode).toBe(413);
    expect(result.body.error).toMatch(/larger than the limit/);
  });

  it('turns a typed domain error into its status and message', async () => {
    const result = await postThrowing(new ConflictError('Already there'));
    expect(result.statusCode).toBe(409);
    expect(result.body).toEqual({ error: 'Already there' });
  });

  it('turns an unexpected error into a 500 that carries only the request id, and logs the stack', async () => {
    const failing = httpHandler(echoRoute, () => {
      throw new TypeError('secret internal detail');
    });
    const { result, stdout } = await invokeCapturing(failing);
    expect(result.statusCode).toBe(500);
    const requestId = result.headers['X-Request-Id'];
    expect(result.body).toEqual({ error: `The request failed (request id ${requestId})` });
    expect(result.rawBody).not.toContain('secret');
    const [line] = stdout.lines();
    expect(line).toMatchObject({ level: 'error', requestId, status: 500, error: { message: 'secret internal detail' } });
  });

  it('turns a database connection failure into a 503 with Retry-After', async () => {
    const failing = httpHandler(echoRoute, () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    });
    const { result, stdout } = await invokeCapturing(failing);
    expect(result.statusCode).toBe(503);
    expect(stdout.lines()[0]).toMatchObject({ level: 'error', status: 503, error: { message: 'connect ECONNREFUSED 127.0.0.1:1' } });
    expect(result.headers['Retry-After']).toBe('1');
    expect(result.body.error).toContain(result.headers['X-Request-Id']);
  });

  it('writes one structured log line per request with id, method, route, status and duration', async () => {
    const stdout = captureStdout();
    let result;
    try {
      result = await post();
    } finally {
      stdout.restore();
    }
    const lines = stdout.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: result.headers['X-Request-Id'],
      method: 'POST',
      route: 'POST /echo/{id}',
      status: 201,
      stage: 'test',
    });
    expect(typeof lines[0]!.durationMs).toBe('number');
  });

  it('refuses to build a handler for a protected route without an authenticator', () => {
    const protectedRoute = defineRoute({ ...echoRoute, auth: { scope: 'x:write' } });
    expect(() => httpHandler(protectedRoute, () => ({ status: 201 }))).toThrow(/authenticatedHandler/);
  });

  it('answers 404 for a NotFoundError with the contract body', async () => {
    const result = await postThrowing(new NotFoundError('Could not find it'));
    expect(result.statusCode).toBe(404);
    expect(result.body).toEqual({ error: 'Could not find it' });
  });
});
