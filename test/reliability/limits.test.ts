// Limits: no single request can make a function do unbounded work. Bodies over the configured size are
// refused (413) by every route that takes one; `limit` is capped on every list; the biggest event batch,
// the longest date range and the largest factorial are accepted and answered within the Lambda timeout,
// and one step beyond each is refused. Routes are found from their specs (a body, a `limit`, a `from`/`to`),
// so new ones are covered as they land. In process against the run's DynamoDB Local, plus one over HTTP.
import { callRoute, loadFunctions, type LoadedFunction } from '../helpers/functions';
import { expectContractError, request } from '../helpers/http';
import { invoke, type InvokeResult } from '../helpers/lambda';
import { tokenWithScope } from '../helpers/tokens';
import { testSettings } from '../stage';
import { addDays, pipelineEvent, privateDays, readAll, runId, type Caller } from './contract';

const { maxBodyBytes } = testSettings.stageConfig.http as { maxBodyBytes: number };
const maxRangeDays: number = testSettings.stageConfig.events.maxRangeDays;
const maxNumber: number = testSettings.stageConfig.factorial.maxNumber;
const MAX_BATCH = 1000;
const MAX_LIMIT = 1000;

const { functions } = loadFunctions();
let token: string;
let call: Caller;
const quiet = jest.spyOn(process.stdout, 'write');

beforeAll(async () => {
  const scopes = [...new Set(functions.map((fn) => fn.route?.auth?.scope).filter(Boolean))].join(' ');
  token = await tokenWithScope(scopes || 'none');
  call = async (method, target, init = {}) => {
    const result = await callRoute(functions, method, target, { json: init.json, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    return { status: result.statusCode, body: result.body, headers: result.headers };
  };
  quiet.mockImplementation(() => true);
});
afterAll(() => quiet.mockRestore());

const shapeOf = (schema: unknown): Record<string, unknown> =>
  ((schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })?._zod?.def?.shape ?? {});
const withBody = functions.filter((fn) => fn.route?.body);
const withLimit = functions.filter((fn) => 'limit' in shapeOf(fn.route?.query?.()));
const withRange = functions.filter((fn) => 'from' in shapeOf(fn.route?.query?.()) && 'to' in shapeOf(fn.route?.query?.()));
const label = (fn: LoadedFunction) => `${fn.name} (${fn.method} ${fn.path})`;
/** A concrete path for a route: each path parameter gets a harmless value. */
const concrete = (fn: LoadedFunction) => fn.path.replace(/\{[^}]+\}/g, (name) => (/id\}$/i.test(name) ? '1' : 'nobody'));

/** Runs the request and measures it; the answer must come within the function's Lambda timeout. */
async function withinTimeout(fn: LoadedFunction, run: () => Promise<InvokeResult>): Promise<InvokeResult> {
  const started = performance.now();
  const result = await run();
  expect(performance.now() - started).toBeLessThan(fn.timeoutSeconds * 1000);
  return result;
}

/** Sends `body` as JSON, with a token, to the function's route. */
const postBody = (fn: LoadedFunction, body: string, isBase64Encoded = false) =>
  invoke(fn.handler, {
    method: fn.method,
    path: concrete(fn),
    routePath: fn.path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    isBase64Encoded,
  });

const fieldsOf = (result: InvokeResult): string[] => (result.body?.details ?? []).map((detail: { field: string }) => detail.field);

describe('request body size', () => {
  it('is limited on every route that takes a body', () => {
    expect(withBody.length).toBeGreaterThan(0);
  });

  it.each(withBody.map((fn) => [label(fn), fn] as [string, LoadedFunction]))('%s answers a body one byte over the limit with 413', async (_label, fn) => {
    const body = JSON.stringify({ padding: 'x'.repeat(maxBodyBytes - 13) });
    expect(Buffer.byteLength(body)).toBe(maxBodyBytes + 1);
    const result = await postBody(fn, body);
    expect(result.statusCode).toBe(413);
    expect(result.body.error).toContain(String(maxBodyBytes));
  });

  it.each(withBody.map((fn) => [label(fn), fn] as [string, LoadedFunction]))('%s answers a base64 body over the limit with 413', async (_label, fn) => {
    const body = Buffer.from(JSON.stringify({ padding: 'x'.repeat(maxBodyBytes) })).toString('base64');
    const result = await postBody(fn, body, true);
    expect(result.statusCode).toBe(413);
  });

  it('over HTTP too: a body over the limit through sls offline is a 413 in the contract shape', async () => {
    const target = withBody[0]!;
    const answer = await request(concrete(target), {
      method: target.method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ padding: 'x'.repeat(maxBodyBytes + 10) }),
    });
    expectContractError(answer, 413);
  });
});

describe('page size', () => {
  it('is capped on every list route', () => {
    expect(withLimit.length).toBeGreaterThan(0);
  });

  it.each(withLimit.map((fn) => [label(fn), fn] as [string, LoadedFunction]))(`%s refuses limit=${MAX_LIMIT + 1}, 0 and huge values with 400 on query.limit`, async (_label, fn) => {
    for (const limit of [String(MAX_LIMIT + 1), '0', '-1', '99999999999999999999', '1e3']) {
      const result = await callRoute(functions, fn.method, `${concrete(fn)}?limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
      expect(result.statusCode).toBe(400);
      expect(fieldsOf(result)).toContain('query.limit');
    }
  });

  it.each(withLimit.map((fn) => [label(fn), fn] as [string, LoadedFunction]))(`%s accepts limit=${MAX_LIMIT} and never answers more items than asked`, async (_label, fn) => {
    const [day] = privateDays(1) as [string];
    const range = 'from' in shapeOf(fn.route?.query?.()) ? `&from=${day}&to=${day}` : '';
    const result = await withinTimeout(fn, () =>
      callRoute(functions, fn.method, `${concrete(fn)}?limit=${MAX_LIMIT}${range}`, { headers: { authorization: `Bearer ${token}` } }),
    );
    // A list under a resource that does not exist (a subscription's notifications) is a 404.
    expect(result.statusCode).toBe(fn.path.includes('{') && result.statusCode === 404 ? 404 : 200);
    const list = (result.body && (Object.values(result.body).find(Array.isArray) as unknown[])) ?? [];
    expect(list.length).toBeLessThanOrEqual(MAX_LIMIT);
  });
});

describe('date ranges', () => {
  it('are bounded on every route that takes from/to', () => {
    expect(withRange.length).toBeGreaterThan(0);
  });

  it.each(withRange.map((fn) => [label(fn), fn] as [string, LoadedFunction]))(`%s answers the longest allowed range (${maxRangeDays} days) within the Lambda timeout`, async (_label, fn) => {
    const from = '2019-01-01';
    const to = addDays(from, maxRangeDays - 1);
    const result = await withinTimeout(fn, () =>
      callRoute(functions, fn.method, `${concrete(fn)}?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(result.statusCode).toBe(200);
  });

  it.each(withRange.map((fn) => [label(fn), fn] as [string, LoadedFunction]))('%s refuses a range longer than the maximum with 400', async (_label, fn) => {
    const from = '2019-01-01';
    for (const to of [addDays(from, maxRangeDays + 1), '9999-12-31']) {
      const result = await callRoute(functions, fn.method, `${concrete(fn)}?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` } });
      expect(result.statusCode).toBe(400);
    }
  });
});

describe('event batches', () => {
  const batch = (size: number) => {
    const [day] = privateDays(1) as [string];
    const prefix = `limits-${runId()}`;
    return { day, events: Array.from({ length: size }, (_, i) => pipelineEvent(`${prefix}-${i}`, `${prefix}-eng${i % 10}`, day, i * 7, i % 2 ? 'deploy' : 'stage')) };
  };
  const postEvents = () => functions.find((fn) => fn.method === 'POST' && fn.path === '/events');

  it(`accepts the biggest batch (${MAX_BATCH} events) within the Lambda timeout, and its retry as duplicates`, async () => {
    const fn = postEvents();
    expect(fn).toBeDefined();
    const { events } = batch(MAX_BATCH);
    const first = await withinTimeout(fn!, () => callRoute(functions, 'POST', '/events', { json: { events }, headers: { authorization: `Bearer ${token}` } }));
    expect(first.statusCode).toBe(201);
    expect(first.body).toEqual({ created: MAX_BATCH, duplicates: 0 });
    const retry = await withinTimeout(fn!, () => callRoute(functions, 'POST', '/events', { json: { events }, headers: { authorization: `Bearer ${token}` } }));
    expect(retry.body).toEqual({ created: 0, duplicates: MAX_BATCH });
  }, 60_000);

  it(`refuses ${MAX_BATCH + 1} events with 400 and writes none of them`, async () => {
    expect(postEvents()).toBeDefined();
    const { day, events } = batch(MAX_BATCH + 1);
    const result = await call('POST', '/events', { json: { events } });
    expect(result.status).toBe(400);
    expect(await readAll(call, `/events?from=${day}&to=${day}`, 'events')).toEqual([]);
  }, 60_000);
});

describe('factorial', () => {
  const fn = () => functions.find((candidate) => candidate.path === '/api/v1/factorial')!;

  it(`answers the largest allowed number (${maxNumber}) within the Lambda timeout`, async () => {
    const result = await withinTimeout(fn(), () => callRoute(functions, 'GET', `/api/v1/factorial?number=${maxNumber}`));
    expect(result.statusCode).toBe(200);
  }, 30_000);

  it('refuses one more than the largest allowed number with 400', async () => {
    const result = await callRoute(functions, 'GET', `/api/v1/factorial?number=${maxNumber + 1}`);
    expect(result.statusCode).toBe(400);
  });
});
