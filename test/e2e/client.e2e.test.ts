// The generated client (client/, `npm run client`) against the running API: at least one route of every service,
// success and error answers. The calls are typed by client/schema.d.ts, so `tsc` checks them against the document;
// each answer is also validated against the document the client was generated from (client/openapi.json), so a
// document that says something else than the API fails here.
import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import { createApiClient, type ApiClient } from '../../client';
import document from '../../client/openapi.json';
import { uniqueDays } from '../helpers/events';
import { tokenWithScope } from '../helpers/tokens';
import { pokemonStandInUrl } from '../stand-ins/index';
import { pokemonUpstreamsClient, TRANSLATION_PREFIX, uniqueSpecies } from '../stand-ins/pokemon-upstreams';
import { baseUrl } from '../stage';

const run = randomUUID().slice(0, 8);
const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true }).addSchema(document, 'openapi.json');
const pointer = (...parts: string[]) => parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** The answer's status is documented for the route, and its JSON body is what the document says it is. */
function expectDocumented(path: string, method: string, response: Response, body: unknown): void {
  const responses = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]![method]!.responses;
  expect(Object.keys(responses)).toContain(String(response.status));
  const validate = ajv.getSchema(`openapi.json#/${pointer('paths', path, method, 'responses', String(response.status), 'content', 'application/json', 'schema')}`);
  if (!validate) throw new Error(`${method.toUpperCase()} ${path} ${response.status} has no JSON schema in client/openapi.json`);
  expect({ valid: validate(body), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
  expect(response.headers.get('x-request-id')).toBeTruthy();
}

let api: ApiClient;
let assetsWriter: ApiClient;
let eventsWriter: ApiClient;

beforeAll(async () => {
  // Global setup's readiness poll ran in this process and may have left a keep-alive socket that sls offline is
  // closing right now: let a throwaway request meet it, not the first call under test.
  await fetch(`${baseUrl}/health`).catch(() => undefined);
  api = createApiClient({ baseUrl });
  assetsWriter = createApiClient({ baseUrl, token: await tokenWithScope('assets:write') });
  const eventsToken = await tokenWithScope('events:write');
  eventsWriter = createApiClient({ baseUrl, token: () => eventsToken });
});

describe('the generated client', () => {
  it('platform: GET /health is UP, an unknown documentation asset is a 404 error', async () => {
    const health = await api.GET('/health');
    expect(health.data?.status).toBe('UP');
    expectDocumented('/health', 'get', health.response, health.data);

    const asset = await api.GET('/docs/{asset}', { params: { path: { asset: 'no-such-file.js' } } });
    expect(asset.response.status).toBe(404);
    expect(typeof asset.error?.error).toBe('string');
    expectDocumented('/docs/{asset}', 'get', asset.response, asset.error);
  });

  it('factorial: GET /api/v1/factorial answers 5! and refuses a negative number', async () => {
    const five = await api.GET('/api/v1/factorial', { params: { query: { number: '5' } } });
    expect(five.data).toEqual({ number: 5, factorial: 120 });
    expectDocumented('/api/v1/factorial', 'get', five.response, five.data);

    const negative = await api.GET('/api/v1/factorial', { params: { query: { number: '-1' } } });
    expect(negative.response.status).toBe(400);
    expect(negative.error?.details?.[0]?.field).toBe('query.number');
    expectDocumented('/api/v1/factorial', 'get', negative.response, negative.error);
  });

  it('users: create, read, refuse a duplicate, delete, then 404', async () => {
    const userId = `client-${run}`;
    const created = await api.POST('/users', { body: { userId, name: 'Ada Lovelace' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toEqual({ userId, name: 'Ada Lovelace' });
    expectDocumented('/users', 'post', created.response, created.data);

    const read = await api.GET('/users/{userId}', { params: { path: { userId } } });
    expect(read.data?.name).toBe('Ada Lovelace');
    expectDocumented('/users/{userId}', 'get', read.response, read.data);

    const duplicate = await api.POST('/users', { body: { userId, name: 'Someone else' } });
    expect(duplicate.response.status).toBe(409);
    expectDocumented('/users', 'post', duplicate.response, duplicate.error);

    const deleted = await api.DELETE('/users/{userId}', { params: { path: { userId } } });
    expect(deleted.response.status).toBe(204);

    const gone = await api.GET('/users/{userId}', { params: { path: { userId } } });
    expect(gone.response.status).toBe(404);
    expectDocumented('/users/{userId}', 'get', gone.response, gone.error);
  });

  it('events: POST /events with a token, the engineer it counts, 401 without a token, 404 for an unknown engineer', async () => {
    const engineer = `client-${run}`;
    const [day] = uniqueDays(1);
    const event = { id: `client-${run}`, sha: 'abcdef1', timestamp: `${day}T12:00:00Z`, action: 'deploy', engineer };
    const posted = await eventsWriter.POST('/events', { body: { events: [event] } });
    expect(posted.data).toEqual({ created: 1, duplicates: 0 });
    expectDocumented('/events', 'post', posted.response, posted.data);

    const totals = await api.GET('/engineers/{engineer}', { params: { path: { engineer } } });
    expect(totals.data).toMatchObject({ engineer, events: 1, actions: { deploy: 1 } });
    expectDocumented('/engineers/{engineer}', 'get', totals.response, totals.data);

    const anonymous = await api.POST('/events', { body: { events: [event] } });
    expect(anonymous.response.status).toBe(401);
    expectDocumented('/events', 'post', anonymous.response, anonymous.error);

    const unknown = await api.GET('/engineers/{engineer}', { params: { path: { engineer: `${engineer}-nobody` } } });
    expect(unknown.response.status).toBe(404);
    expectDocumented('/engineers/{engineer}', 'get', unknown.response, unknown.error);
  });

  it('pokemon: GET /pokemon/{nameOrId} describes a species and answers 404 for a name that is none', async () => {
    const { species, expectedText } = uniqueSpecies('client');
    await pokemonUpstreamsClient(pokemonStandInUrl).register({ species });
    const found = await api.GET('/pokemon/{nameOrId}', { params: { path: { nameOrId: species.name } } });
    expect(found.data).toEqual({ name: species.name, description: TRANSLATION_PREFIX + expectedText });
    expectDocumented('/pokemon/{nameOrId}', 'get', found.response, found.data);

    const missing = await api.GET('/pokemon/{nameOrId}', { params: { path: { nameOrId: `not-a-pokemon-${run}` } } });
    expect(missing.response.status).toBe(404);
    expectDocumented('/pokemon/{nameOrId}', 'get', missing.response, missing.error);
  });

  it('assets: an analyst created with a bearer token and read back; 401 without a token, 403 without the scope', async () => {
    const body = { name: `Client ${run}`, company: 'Analytical Engines' };
    const created = await assetsWriter.POST('/api/v1/analysts', { body });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject(body);
    expectDocumented('/api/v1/analysts', 'post', created.response, created.data);

    const read = await api.GET('/api/v1/analysts/{id}', { params: { path: { id: String(created.data!.id) } } });
    expect(read.data).toEqual(created.data);
    expectDocumented('/api/v1/analysts/{id}', 'get', read.response, read.data);

    const anonymous = await api.POST('/api/v1/analysts', { body });
    expect(anonymous.response.status).toBe(401);
    expectDocumented('/api/v1/analysts', 'post', anonymous.response, anonymous.error);

    const readOnly = createApiClient({ baseUrl, token: await tokenWithScope('assets:read') });
    const forbidden = await readOnly.POST('/api/v1/analysts', { body });
    expect(forbidden.response.status).toBe(403);
    expectDocumented('/api/v1/analysts', 'post', forbidden.response, forbidden.error);

    const deleted = await assetsWriter.DELETE('/api/v1/analysts/{id}', { params: { path: { id: String(created.data!.id) } } });
    expect(deleted.response.status).toBe(200);
  });

  it('is checked by tsc against the document: a route or a field it does not have does not compile', () => {
    // Never called: `npm run typecheck` fails if these compile, i.e. if the generated types stopped being exact.
    const wrongCalls = () => [
      // @ts-expect-error: no such route
      api.GET('/no-such-route'),
      // @ts-expect-error: a user is created with userId and name, not a nickname
      api.POST('/users', { body: { userId: 'ada', nickname: 'Ada' } }),
      // @ts-expect-error: the factorial needs its number
      api.GET('/api/v1/factorial', { params: { query: {} } }),
    ];
    expect(typeof wrongCalls).toBe('function');
  });
});
