// Traces of real invocations (shared/observability/xray.ts): a function that calls DynamoDB Local and the stand-in
// upstreams, with tracing on as in a deployed stage, sends the daemon (a UDP socket on loopback) one subsegment for
// the invocation and one for each call it made, all in the trace Lambda opened.
import dgram from 'node:dgram';
import { tableName } from '#shared/config/index';
import { invoke } from '../../helpers/lambda';
import { newUserId } from '../../helpers/users';
import { startPokemonUpstreams, uniqueSpecies, type PokemonUpstreams } from '../../stand-ins/pokemon-upstreams';

type Document = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Handler = Parameters<typeof invoke>[0];

const ROOT = '1-67000000-0000000000000000000000aa';
const LAMBDA_SEGMENT = '53995c3f42cd8ad8';
const saved = { ...process.env };
let daemon: dgram.Socket;
let received: Document[] = [];
let upstreams: PokemonUpstreams & { close(): Promise<void> };

/** A fresh instance of a function, bundled as a deployed stage bundles the functions that call downstream. */
function loadTraced(modulePath: string, handlerName: string): Handler {
  Object.assign(process.env, { TRACING_CALLS: 'true', TRACING_ENABLED: 'true', _HANDLER: handlerName, ...upstreams.environment });
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    handler = require(modulePath).handler; // eslint-disable-line @typescript-eslint/no-require-imports
  });
  return handler!;
}

async function documents(count: number): Promise<Document[]> {
  for (let waited = 0; received.length < count && waited < 3000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return received;
}

beforeAll(async () => {
  upstreams = await startPokemonUpstreams();
  daemon = dgram.createSocket('udp4');
  daemon.on('message', (message) => {
    const text = message.toString();
    received.push(JSON.parse(text.slice(text.indexOf('\n') + 1)));
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  daemon.close();
  await upstreams.close();
});
let stdout: jest.SpyInstance;
beforeEach(() => {
  received = [];
  process.env.AWS_XRAY_DAEMON_ADDRESS = `127.0.0.1:${daemon.address().port}`;
  process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`;
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  stdout.mockRestore();
  process.env = { ...saved };
});

describe('traces', () => {
  it('hold a 404 invocation as an error, and its DynamoDB read with its table and request id', async () => {
    const handler = loadTraced('../../../functions/users/get-user', 'functions/users/get-user.handler');
    const userId = newUserId('traced');
    const result = await invoke(handler, { path: `/users/${userId}`, routePath: '/users/{userId}', pathParameters: { userId } });
    expect(result.statusCode).toBe(404);

    const [read, invocation] = await documents(2);
    expect(received).toHaveLength(2);
    expect(invocation).toMatchObject({
      name: '## functions/users/get-user.handler',
      trace_id: ROOT,
      parent_id: LAMBDA_SEGMENT,
      annotations: { ColdStart: true },
      error: true,
      cause: { exceptions: [{ type: expect.stringMatching(/NotFound/) }] },
    });
    expect(read).toMatchObject({
      name: 'DynamoDB',
      namespace: 'aws',
      trace_id: ROOT,
      parent_id: invocation!.id,
      aws: { operation: 'GetItem', table_name: tableName('users'), retries: 0, request_id: expect.any(String) },
      http: { response: { status: 200 } },
    });
    expect(read).not.toHaveProperty('error');
  });

  it('hold each upstream call and each cache read and write of a Pokemon lookup, in the order they ended', async () => {
    const { species } = uniqueSpecies('traced');
    await upstreams.register({ species });
    const handler = loadTraced('../../../functions/pokemon/get-pokemon', 'functions/pokemon/get-pokemon.handler');
    const result = await invoke(handler, { path: `/pokemon/${species.name}`, routePath: '/pokemon/{nameOrId}', pathParameters: { nameOrId: species.name } });
    expect(result.statusCode).toBe(200);

    const all = await documents(5);
    const invocation = all.at(-1)!;
    expect(invocation).toMatchObject({ name: '## functions/pokemon/get-pokemon.handler', parent_id: LAMBDA_SEGMENT });
    expect(invocation).not.toHaveProperty('fault');
    const calls = all.slice(0, -1);
    const upstreamHost = new URL(upstreams.environment.POKEAPI_URL).host;
    expect(calls.map((call) => `${call.namespace} ${call.name} ${call.aws?.operation ?? call.http.request.method}`)).toEqual([
      'aws DynamoDB GetItem',
      `remote ${upstreamHost} GET`,
      `remote ${new URL(upstreams.environment.SHAKESPEARE_URL).host} POST`,
      ...calls.slice(3).map(() => 'aws DynamoDB PutItem'),
    ]);
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls) expect([call.trace_id, call.parent_id]).toEqual([ROOT, invocation.id]);
    expect(calls[1]).toMatchObject({ http: { request: { url: expect.stringContaining(`/pokemon-species/${species.name}`) }, response: { status: 200, content_length: expect.any(Number) } } });
  });
});
