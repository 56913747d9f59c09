// Property-based fuzzing of every function, in process: for generated API Gateway v2 requests (random
// paths, query strings, headers and bodies, many of them hostile), the answer is never a 5xx, a 4xx is
// always the contract's JSON error, no error leaks a stack trace or an internal name, and a rejected
// request leaves the stored data exactly as it was. The functions run against private copies of the
// tables (so a snapshot sees only what the fuzzer did) and a stand-in upstream on 127.0.0.1.
// FUZZ_RUNS sets the runs per function (default 500).
import fc from 'fast-check';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { counterKey } from '#shared/assets/keys';
import { functionCatalogue, loadFunctions, type LoadedFunction } from '../helpers/functions';
import { invoke, type EventInput, type InvokeResult } from '../helpers/lambda';
import { createTableCopies, localClient, snapshot } from '../helpers/tables';
import { badTokens, tokenWithScope } from '../helpers/tokens';
import { dynamodbEndpoint } from '../stage';
import { requestFor, type Credentials } from './arbitraries';

const RUNS = Number(process.env.FUZZ_RUNS || 500);
const catalogue = functionCatalogue();

/** What an error body must never contain: stack frames, file paths, exception class names, coerced objects. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat [\w.$<>]+ \(|\bat (async )?[\w.$<>]+ \[/],
  ['a source file position', /\.(ts|js|cjs|mjs):\d+/],
  ['a file path', /(\/work\/|\/home\/|\/var\/task|\/opt\/|node_modules|file:\/\/)/],
  ['an exception class name', /\b[A-Z][A-Za-z]*(Error|Exception)\b/],
  ['a coerced object', /\[object \w+\]/],
];

/**
 * The one change a rejected request may make: an id sequence moving on. The assets service takes its next
 * id from an atomic counter (UpdateItem ADD) before the write that may then be refused (unknown analyst,
 * duplicate subscription), so a refused create leaves a gap in the ids, as a SQL sequence does on rollback.
 * Nothing else of a rejected request may stay behind.
 */
const isIdSequence = (item: string) => item.startsWith('{"lastId":') && item.includes(`"pk":{"S":"${counterKey('asset').pk}"}`);
const withoutSequences = (snap: string) =>
  JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(snap) as Record<string, string[]>).map(([table, items]) => [table, items.filter((item) => !isIdSequence(item))])));

let functions: LoadedFunction[];
let tableCopies: Record<string, string>;
let internalNames: string[];
let credentials: Record<string, Credentials>;
let upstream: http.Server;
/** Answers per function and status, written to test/artifacts/fuzz-summary.json for the record. */
const summary: Record<string, Record<number, number>> = {};
const client = localClient(dynamodbEndpoint);
const quiet = jest.spyOn(process.stdout, 'write');

beforeAll(async () => {
  // PokeAPI and FunTranslations stand-in: knows no species, so a well-formed name is a 404, never an internet call.
  upstream = http.createServer((_request, response) => {
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end('{"detail":"Not found."}');
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const { env, names } = await createTableCopies(client, `fuzz-${Date.now().toString(36)}`);
  tableCopies = names;
  internalNames = [...Object.values(names), ...Object.keys(env), 'serverless-api-test'];
  ({ functions } = loadFunctions({ ...env, POKEAPI_URL: upstreamUrl, SHAKESPEARE_URL: upstreamUrl }));
  credentials = {};
  for (const fn of functions) {
    const scope = fn.route?.auth?.scope ?? 'none';
    credentials[scope] ??= {
      withScope: await tokenWithScope(scope),
      withoutScope: await tokenWithScope('profile:read'),
      bad: Object.values(await badTokens(scope)),
    };
  }
  // The handlers log one line per request; thousands of them would drown the test output.
  quiet.mockImplementation(() => true);
}, 60_000);

afterAll(async () => {
  quiet.mockRestore();
  fs.mkdirSync(path.join(__dirname, '..', 'artifacts'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', 'artifacts', 'fuzz-summary.json'), JSON.stringify({ runsPerFunction: RUNS, statuses: summary }, null, 2));
  await new Promise((resolve) => upstream.close(resolve));
});

const clip = (text: string | undefined, max = 300) =>
  text === undefined ? '(none)' : text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;

function describeCase(request: EventInput, result: InvokeResult): string {
  return [
    `${request.method} ${clip(request.path, 200)} query=${clip(JSON.stringify(request.query), 200)}`,
    `headers=${clip(JSON.stringify(request.headers), 300)}`,
    `body${request.isBase64Encoded ? ' (base64)' : ''}=${clip(request.body)}`,
    `-> ${result.statusCode} ${clip(result.rawBody)}`,
  ].join('\n');
}

/** The items one snapshot has and the other has not, for the failure message. */
function diff(before: string, after: string): string {
  const items = (snap: string) => new Set(Object.values(JSON.parse(snap) as Record<string, string[]>).flat());
  const [was, is] = [items(before), items(after)];
  return [...[...was].filter((item) => !is.has(item)).map((item) => `- ${item}`), ...[...is].filter((item) => !was.has(item)).map((item) => `+ ${item}`)].join('\n');
}

/** The contract for any answer to any input; returns what is wrong, or undefined. */
function contractProblem(result: InvokeResult): string | undefined {
  const status = result.statusCode;
  if (status >= 500) return `a ${status} for input alone`;
  if (!result.headers['X-Request-Id']) return 'no X-Request-Id header';
  if (result.headers['X-Content-Type-Options'] !== 'nosniff') return 'no security headers';
  if (status < 400) return undefined;
  if (!/^application\/json/.test(result.headers['Content-Type'] ?? '')) return `a ${status} that is not JSON`;
  const body = result.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `a ${status} whose body is not a JSON object`;
  if (typeof body.error !== 'string' || body.error.length === 0) return `a ${status} without an "error" sentence`;
  const extra = Object.keys(body).filter((key) => key !== 'error' && key !== 'details');
  if (extra.length) return `a ${status} with fields beyond error/details: ${extra.join(', ')}`;
  if (body.details !== undefined) {
    const ok = Array.isArray(body.details) && body.details.every((d) => typeof d?.field === 'string' && typeof d?.message === 'string');
    if (!ok) return `a ${status} whose details are not [{field, message}]`;
  }
  if (status === 401 && result.headers['WWW-Authenticate'] !== 'Bearer') return 'a 401 without WWW-Authenticate: Bearer';
  for (const [what, pattern] of LEAKS) if (pattern.test(result.rawBody ?? '')) return `a ${status} that leaks ${what}`;
  const leakedName = internalNames.find((name) => result.rawBody?.includes(name));
  if (leakedName) return `a ${status} that leaks the internal name ${leakedName}`;
  return undefined;
}

describe('fuzzing every function with generated API Gateway events', () => {
  it('covers every function of the stage with a route spec', () => {
    expect(catalogue.length).toBeGreaterThan(0);
    const missing = catalogue.filter((entry) => !functions.find((fn) => fn.name === entry.name)?.route).map((entry) => entry.name);
    expect(missing).toEqual([]);
  });

  it.each(catalogue.map((entry) => [entry.name, `${entry.method} ${entry.path}`]))(
    `%s (%s): never a 5xx, always the contract's error shape, no leaks, no change from a rejected request (${RUNS} runs)`,
    async (name) => {
      const fn = functions.find((candidate) => candidate.name === name)!;
      const tables = fn.tables.map((logicalId) => tableCopies[logicalId]!);
      let stored = tables.length ? await snapshot(client, tables) : '';
      const statuses: Record<number, number> = (summary[name] = {});
      const property = fc.asyncProperty(requestFor(fn, credentials[fn.route?.auth?.scope ?? 'none']!), async (request) => {
        const result = await invoke(fn.handler, request);
        statuses[result.statusCode] = (statuses[result.statusCode] ?? 0) + 1;
        const problem = contractProblem(result);
        if (problem) throw new Error(`${problem}:\n${describeCase(request, result)}`);
        if (!tables.length) return;
        const after = await snapshot(client, tables);
        if (result.statusCode >= 400 && withoutSequences(after) !== withoutSequences(stored)) {
          throw new Error(`a rejected request (${result.statusCode}) changed the stored data:\n${describeCase(request, result)}\n${diff(stored, after)}`);
        }
        stored = after;
      });
      try {
        await fc.assert(property, { numRuns: RUNS, endOnFailure: true });
      } catch (error) {
        // fast-check prints the whole counterexample, megabytes for a huge body: keep the report readable.
        throw new Error(clip((error as Error).message, 6000), { cause: error });
      }
      const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0);
      expect(answered).toBeGreaterThanOrEqual(RUNS);
    },
    600_000,
  );
});
