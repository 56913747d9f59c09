// GET /pokemon/{nameOrId} in process, against DynamoDB Local and a stand-in PokeAPI + FunTranslations
// (a real HTTP server on 127.0.0.1 that counts its calls). Each test uses a species of its own.
import { DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import { translateToShakespeare } from '#shared/pokemon/shakespeare';
import { aliasKey, entryKey } from '#shared/pokemon/store';
import { invoke, type InvokeResult } from '../../helpers/lambda';
import { dynamodbEndpoint, testSettings } from '../../stage';
import {
  startPokemonUpstreams,
  TRANSLATION_PREFIX,
  uniqueSpecies,
  type PokemonUpstreams,
  type Registration,
} from '../../stand-ins/pokemon-upstreams';

type Handler = (typeof import('../../../functions/pokemon/get-pokemon'))['handler'];

const TIMEOUT_MS = 300;
const ttlSeconds: number = testSettings.stageConfig.pokemon.cacheTtlSeconds;

/** The handler of a fresh function instance whose configuration is read from `env` (config() is per module registry). */
function loadHandler(env: Record<string, string>): Handler {
  Object.assign(process.env, env);
  let handler: Handler | undefined;
  jest.isolateModules(() => {
    jest.requireActual<typeof import('../../../shared/config/index')>('../../../shared/config/index').config();
    handler = jest.requireActual<typeof import('../../../functions/pokemon/get-pokemon')>('../../../functions/pokemon/get-pokemon').handler;
  });
  return handler!;
}

async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

let upstreams: PokemonUpstreams & { close(): Promise<void> };
let handler: Handler;
let handlerWithoutFallback: Handler;
let handlerWithPokeapiDown: Handler;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  upstreams = await startPokemonUpstreams();
  const env = { ...upstreams.environment, UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), TRANSLATOR_FALLBACK: 'true' };
  handler = loadHandler(env);
  handlerWithoutFallback = loadHandler({ ...env, TRANSLATOR_FALLBACK: 'false' });
  handlerWithPokeapiDown = loadHandler({ ...env, POKEAPI_URL: `${await closedPortUrl()}/api/v2` });
});
afterAll(() => upstreams.close());
// The factory logs every 5xx as an error line: keep the test output readable.
beforeEach(() => {
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => stdout.mockRestore());

function get(nameOrId: string, query?: Record<string, string>, using: Handler = handler): Promise<InvokeResult> {
  return invoke(using, { path: `/pokemon/${nameOrId}`, routePath: '/pokemon/{nameOrId}', pathParameters: { nameOrId }, query });
}

async function registered(label: string, behaviour: Omit<Registration, 'species'> = {}) {
  const { species, expectedText } = uniqueSpecies(label);
  await upstreams.register({ species, slowMs: TIMEOUT_MS * 5, ...behaviour });
  return { name: species.name, id: species.id, expectedText };
}

function expectError(result: InvokeResult, status: number): void {
  expect(result.statusCode).toBe(status);
  expect(result.headers['Content-Type']).toBe('application/json; charset=utf-8');
  expect(Object.keys(result.body)).toEqual(['error']);
  expect(result.body.error).not.toMatch(/\[object Object\]|at .+\.(ts|js):\d+/);
}

const cacheItem = async (cacheKey: string) =>
  (await dynamo().send(new GetCommand({ TableName: tableName('pokemonCache'), Key: { cacheKey } }))).Item;

describe('GET /pokemon/{nameOrId}: answers and cache', () => {
  it('answers a species with its name and the upstream translation of its longest English entry', async () => {
    const { name, expectedText } = await registered('answer');
    const result = await get(name);
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ name, description: TRANSLATION_PREFIX + expectedText });
    expect(result.headers['Content-Type']).toBe('application/json; charset=utf-8');
    expect(result.headers['X-Translation-Source']).toBe('upstream');
  });

  it('calls each upstream once on a miss and not at all on the following hit', async () => {
    const { name } = await registered('hit');
    const first = await get(name);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
    const second = await get(name);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
    expect(second.body).toEqual(first.body);
    expect(second.headers['X-Translation-Source']).toBe('upstream');
  });

  it('answers a numeric id with the species name', async () => {
    const { name, id, expectedText } = await registered('byid');
    const result = await get(String(id));
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ name, description: TRANSLATION_PREFIX + expectedText });
  });

  it('reads the entry written by an id lookup when the same species is asked for by name', async () => {
    const { name, id } = await registered('idthenname');
    await get(String(id));
    const byName = await get(name);
    expect(byName.statusCode).toBe(200);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
  });

  it('reads the entry written by a name lookup when the same species is asked for by id, with leading zeros too', async () => {
    const { name, id } = await registered('nameThenId');
    await get(name.toUpperCase());
    expect((await get(String(id))).body.name).toBe(name);
    expect((await get(`00${id}`)).body.name).toBe(name);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
  });

  it('stores the entry and its id alias with a TTL attribute of now plus the stage TTL', async () => {
    const { name, id } = await registered('ttl');
    const before = Math.floor(Date.now() / 1000);
    await get(name);
    const after = Math.floor(Date.now() / 1000);
    const entry = await cacheItem(entryKey(name));
    const alias = await cacheItem(aliasKey(id));
    for (const item of [entry, alias]) {
      expect(item?.expiresAt).toBeGreaterThanOrEqual(before + ttlSeconds);
      expect(item?.expiresAt).toBeLessThanOrEqual(after + ttlSeconds);
    }
    expect(alias?.name).toBe(name);
  });

  it('has TTL turned on for the cache table in DynamoDB Local, on the expiresAt attribute', async () => {
    const client = new DynamoDBClient({ endpoint: dynamodbEndpoint });
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName('pokemonCache') }));
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it('ignores an expired entry that DynamoDB has not deleted yet, and replaces it', async () => {
    const { name, expectedText } = await registered('expired');
    const expiresAt = Math.floor(Date.now() / 1000) - 60;
    await dynamo().send(
      new PutCommand({ TableName: tableName('pokemonCache'), Item: { cacheKey: entryKey(name), name, description: 'stale', expiresAt } }),
    );
    const result = await get(name);
    expect(result.body.description).toBe(TRANSLATION_PREFIX + expectedText);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
    expect((await cacheItem(entryKey(name)))?.expiresAt).toBeGreaterThan(expiresAt);
  });

  it('keeps one well-formed entry when concurrent first requests all miss', async () => {
    const { name, id, expectedText } = await registered('concurrent');
    const results = await Promise.all([name, String(id), name, String(id), name].map((key) => get(key)));
    for (const result of results) expect(result.body).toEqual({ name, description: TRANSLATION_PREFIX + expectedText });
    const entry = await cacheItem(entryKey(name));
    expect(entry).toEqual({ cacheKey: entryKey(name), name, description: TRANSLATION_PREFIX + expectedText, expiresAt: expect.any(Number) });
    const calls = await upstreams.calls(name);
    await get(String(id));
    expect(await upstreams.calls(name)).toEqual(calls);
  });

  it('answers output_format=text as text/plain "name: description"', async () => {
    const { name, expectedText } = await registered('text');
    const result = await get(name, { output_format: 'text' });
    expect(result.statusCode).toBe(200);
    expect(result.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(result.rawBody).toBe(`${name}: ${TRANSLATION_PREFIX}${expectedText}`);
  });

  it('answers output_format=json like no output_format', async () => {
    const { name } = await registered('json');
    expect((await get(name, { output_format: 'json' })).body).toEqual((await get(name)).body);
  });
});

describe('GET /pokemon/{nameOrId}: bad requests', () => {
  it.each([
    ['a path traversal', '../etc/passwd'],
    ['200 characters', 'a'.repeat(200)],
    ['a leading hyphen', '-pikachu'],
    ['an encoded slash', 'a%2Fb'],
    ['an empty name', ''],
    ['a control character', 'pika\u0000chu'],
    ['a question mark', 'pikachu?'],
  ])('answers a name with %s with 400 before any upstream call', async (_case, nameOrId) => {
    const before = await upstreams.requests();
    const result = await get(nameOrId);
    expect(result.statusCode).toBe(400);
    const message = expect.stringMatching(/^nameOrId must be a Pokemon species name .* or a numeric id$/);
    expect(result.body).toEqual({ error: message, details: [{ field: 'path.nameOrId', message }] });
    expect(await upstreams.requests()).toBe(before);
  });

  it.each(['xml', 'JSON', '', 'json,text'])('answers output_format=%p with 400 before any upstream call', async (format) => {
    const { name } = await registered('format');
    const result = await invoke(handler, {
      path: `/pokemon/${name}`,
      routePath: '/pokemon/{nameOrId}',
      pathParameters: { nameOrId: name },
      query: { output_format: format },
    });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: 'output_format must be json or text',
      details: [{ field: 'query.output_format', message: 'output_format must be json or text' }],
    });
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 0, translator: 0 });
  });
});

describe('GET /pokemon/{nameOrId}: names as people write them', () => {
  // Spaces, dots, underscores, accents and doubled hyphens were a 400 before issue 16: a name that could be a
  // species name is now looked up, under PokeAPI's spelling of it.
  it.each([
    ['a space and a dot', (token: string) => `Mr. Mime ${token}`],
    ['underscores', (token: string) => `mr_mime_${token}`],
    ['a dot between words', (token: string) => `MR.MIME-${token}`],
    ['an accent', (token: string) => `Mr. Mimé ${token}`],
    ['a doubled hyphen', (token: string) => `mr--mime--${token}`],
  ])('looks up a name with %s under its PokeAPI spelling', async (_case, written) => {
    const { name, expectedText } = await registered('mr-mime');
    const token = name.slice('mr-mime-'.length);
    const result = await get(written(token));
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ name, description: `${TRANSLATION_PREFIX}${expectedText}` });
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
  });

  it.each(["Farfetch'd", 'Nidoran♀', 'Type: Null', 'Flabébé', 'not_a_pokemon', 'pikachu of 日本'])(
    'looks up %p and answers 404 when PokeAPI has no such species',
    async (written) => {
      const before = await upstreams.requests();
      const result = await get(written);
      expectError(result, 404);
      expect(result.body.error).toMatch(/^No Pokemon species is called "[^"]+"$/);
      expect(await upstreams.requests()).toBe(before + 1);
    },
  );

  it('names the PokeAPI spelling it looked up in the 404', async () => {
    const result = await get('not_a_pokemon');
    expect(result.body.error).toBe('No Pokemon species is called "not-a-pokemon"');
  });
});

describe('GET /pokemon/{nameOrId}: PokeAPI faults', () => {
  it('answers an unknown species with 404 and caches nothing', async () => {
    const name = uniqueSpecies('unknown').species.name;
    const result = await get(name);
    expectError(result, 404);
    expect(result.body.error).toBe(`No Pokemon species is called "${name}"`);
    expect(await cacheItem(entryKey(name))).toBeUndefined();
  });

  it('answers a species without any English entry with 404', async () => {
    const { species } = uniqueSpecies('noenglish');
    species.flavor_text_entries = species.flavor_text_entries.filter((entry) => entry.language.name !== 'en');
    await upstreams.register({ species });
    const result = await get(species.name);
    expectError(result, 404);
    expect(result.body.error).toBe(`The Pokemon species "${species.name}" has no English description`);
    expect(await upstreams.calls(species.name)).toEqual({ pokeapi: 1, translator: 0 });
  });

  it('answers a PokeAPI 5xx with 502 naming PokeAPI, without a retry, and caches nothing', async () => {
    const { name } = await registered('pokeapi500', { pokeapi: 'status-500' });
    const result = await get(name);
    expectError(result, 502);
    expect(result.body.error).toMatch(/^PokeAPI failed with status 500; retry later \(request id .+\)$/);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 0 });
    await get(name);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 2, translator: 0 });
  });

  it('answers a PokeAPI body that is not JSON with 502', async () => {
    const { name } = await registered('notjson', { pokeapi: 'not-json' });
    const result = await get(name);
    expectError(result, 502);
    expect(result.body.error).toMatch(/^PokeAPI answered with something that is not a Pokemon species/);
  });

  it('answers a PokeAPI that does not answer in time with 502 after one timeout, without a retry', async () => {
    const { name } = await registered('slowpoke', { pokeapi: 'slow' });
    const result = await get(name);
    expectError(result, 502);
    expect(result.body.error).toMatch(new RegExp(`^PokeAPI did not answer within ${TIMEOUT_MS} ms`));
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 0 });
  });

  it('answers a refused connection to PokeAPI with 502', async () => {
    const result = await get(uniqueSpecies('refused').species.name, undefined, handlerWithPokeapiDown);
    expectError(result, 502);
    expect(result.body.error).toMatch(/^PokeAPI could not be reached; retry later \(request id .+\)$/);
  });

  it('retries a GET once after a dropped connection, and then answers', async () => {
    const { name } = await registered('dropOnce', { pokeapi: 'drop-once' });
    const result = await get(name);
    expect(result.statusCode).toBe(200);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 2, translator: 1 });
  });

  it('gives up after exactly one retry when PokeAPI keeps dropping the connection', async () => {
    const { name } = await registered('dropAlways', { pokeapi: 'drop' });
    const result = await get(name);
    expectError(result, 502);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 2, translator: 0 });
  });
});

describe('GET /pokemon/{nameOrId}: translator faults', () => {
  it('falls back to the built-in translator on a 429, says so in X-Translation-Source, and caches nothing', async () => {
    const { name, expectedText } = await registered('ratelimited', { translator: 'rate-limited' });
    const result = await get(name);
    expect(result.statusCode).toBe(200);
    expect(result.headers['X-Translation-Source']).toBe('builtin');
    expect(result.body).toEqual({ name, description: translateToShakespeare(expectedText) });
    expect(result.body.description).toMatch(/^Thou art near /);
    expect(await cacheItem(entryKey(name))).toBeUndefined();
    await get(name);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 2, translator: 2 });
  });

  it('answers a 429 with 503 and the translator Retry-After when the fallback is turned off', async () => {
    const { name } = await registered('nofallback', { translator: 'rate-limited' });
    const result = await get(name, undefined, handlerWithoutFallback);
    expectError(result, 503);
    expect(result.headers['Retry-After']).toBe('1800');
    expect(result.body.error).toBe('The Shakespeare translator is rate limited; retry after 1800 seconds');
    expect(await cacheItem(entryKey(name))).toBeUndefined();
  });

  it('answers a translation without contents.translated with 502 and caches nothing', async () => {
    const { name } = await registered('notranslation', { translator: 'no-translation' });
    const result = await get(name);
    expectError(result, 502);
    expect(result.body.error).toMatch(/^The Shakespeare translator \(FunTranslations\) answered without a translation/);
    expect(await cacheItem(entryKey(name))).toBeUndefined();
  });

  it('answers a translator 5xx with 502, without retrying the POST', async () => {
    const { name } = await registered('translator500', { translator: 'status-500' });
    expectError(await get(name), 502);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
  });

  it('answers a dropped translator connection with 502, without retrying the POST', async () => {
    const { name } = await registered('translatorDrop', { translator: 'drop' });
    const result = await get(name);
    expectError(result, 502);
    expect(result.body.error).toMatch(/could not be reached/);
    expect(await upstreams.calls(name)).toEqual({ pokeapi: 1, translator: 1 });
  });

  it('answers a translator that does not answer in time with 502', async () => {
    const { name } = await registered('translatorSlow', { translator: 'slow' });
    const result = await get(name);
    expectError(result, 502);
    expect(result.body.error).toMatch(new RegExp(`did not answer within ${TIMEOUT_MS} ms`));
  });
});
