// fast-check generators of API Gateway HTTP API (payload v2) requests for one route: random paths,
// query strings, headers and bodies, some hostile (invalid JSON, deep nesting, huge strings, invalid
// UTF-8, wrong content types, numbers where strings belong), some close enough to valid to get past
// validation into the domain code. Built from the route's own zod schemas, so every route is covered
// as it lands.
import fc from 'fast-check';
import * as z from 'zod/mini';
import type { RouteSpec } from '#shared/http/route';
import type { EventInput } from '../helpers/lambda';

type Schema = z.ZodMiniType;
type Def = { type: string; [key: string]: unknown };
const defOf = (schema: Schema) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strings a careful client would send somewhere: dates, ids, words, hex, numbers as text. */
const plausibleString = fc.oneof(
  fc.constantFrom('2017-11-02T17:59:39Z', '2017-11-02', '2024-02-29', '1970-01-01T00:00:00Z', 'deploy', 'stage', 'ada', 'abcdef1',
    '0123456789abcdef0123456789abcdef01234567', 'charizard', '25', '0', '1', '100', '1000', '1001', 'asset::creation',
    'a@example.com', 'true', 'null', ''),
  fc.stringMatching(/^[a-z0-9_.@-]{1,20}$/),
);

/** Strings nobody should send: unicode of every plane, controls, path tricks, injections, huge ones. */
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('../../etc/passwd', '%00', '\u0000', '\ud800', '<script>alert(1)</script>', "' OR 1=1 --",
      '{"$ne":null}', '__proto__', 'constructor', '-1', '1e309', 'NaN', 'Infinity', '0x1F', ' 5', '5 ', '+5', '٣', '１２'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);

const anyString = fc.oneof({ weight: 3, arbitrary: plausibleString }, { weight: 2, arbitrary: hostileString });

/** A value of the wrong kind: numbers where strings belong, and the other way round. */
const wrongKind: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

function examplesOf(schema: Schema): unknown[] {
  return (z.globalRegistry.get(schema as never) as { examples?: unknown[] } | undefined)?.examples ?? [];
}

/**
 * Values shaped like what `schema` accepts, but often wrong somewhere: a field missing, of the wrong
 * kind, or hostile. Depth-limited so that recursive schemas stay finite.
 */
export function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return fc.oneof(anyString, wrongKind);
  const def = defOf(schema);
  const examples = examplesOf(schema);
  const mutate = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof(
      { weight: 6, arbitrary: examples.length ? fc.oneof(fc.constantFrom(...examples), arbitrary) : arbitrary },
      { weight: 1, arbitrary: wrongKind },
      { weight: 1, arbitrary: hostileString },
    );
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, Schema>;
      const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, valueFor(field, depth + 1)]));
      const record = fc.record(fields, { requiredKeys: [] });
      const withExtra = fc
        .tuple(record, fc.dictionary(anyString, fc.oneof(anyString, wrongKind), { maxKeys: 2 }))
        .map(([value, extra]) => ({ ...extra, ...value }));
      return mutate(fc.oneof({ weight: 5, arbitrary: fc.record(fields) }, { weight: 2, arbitrary: record }, { weight: 1, arbitrary: withExtra }));
    }
    case 'array': {
      const element = valueFor(def.element as Schema, depth + 1);
      return mutate(fc.oneof({ weight: 5, arbitrary: fc.array(element, { maxLength: 5 }) }, { weight: 1, arbitrary: fc.array(element, { minLength: 990, maxLength: 1010 }) }));
    }
    case 'pipe':
      return fc.oneof(valueFor(def.in as Schema, depth), valueFor(def.out as Schema, depth));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return fc.oneof({ weight: 5, arbitrary: valueFor(def.innerType as Schema, depth) }, { weight: 1, arbitrary: fc.constantFrom(undefined, null) });
    case 'union':
      return fc.oneof(...(def.options as Schema[]).map((option) => valueFor(option, depth + 1)));
    case 'literal':
      return mutate(fc.constantFrom(...(def.values as unknown[])));
    case 'enum':
      return mutate(fc.constantFrom(...Object.values(def.entries as Record<string, unknown>)));
    case 'string':
      return mutate(anyString);
    case 'number':
    case 'int':
      return mutate(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer(), fc.double(), fc.constantFrom(0, 1, 2, 999_999_999_999)));
    case 'bigint':
      return mutate(fc.integer());
    case 'boolean':
      return mutate(fc.boolean());
    case 'null':
      return mutate(fc.constant(null));
    default:
      return fc.oneof(anyString, wrongKind);
  }
}

/** A value as it appears in a path or query string: always a string. */
const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

const deepNesting = fc.integer({ min: 50, max: 20_000 }).chain((depth) =>
  fc.constantFrom('['.repeat(depth) + ']'.repeat(depth), '{"a":'.repeat(depth) + '1' + '}'.repeat(depth), '['.repeat(depth)),
);

const invalidJson = fc.oneof(
  fc.constantFrom('', ' ', '{', '}', '[', '{"a":', "{'a':1}", '{"a":1,}', 'undefined', 'NaN', '\u0000', '\ufeff{}', '{"a":1}{"b":2}',
    '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', 'null', 'true', '1', '"text"', '[]', '{}', '1e309'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

export interface BodyChoice {
  body?: string;
  isBase64Encoded?: boolean;
}

/** A request body: JSON shaped like the route's, or JSON of anything, or not JSON at all, or raw bytes. */
function bodyFor(route: RouteSpec | undefined): fc.Arbitrary<BodyChoice> {
  const shaped = valueFor(route?.body?.()).map((value) => ({ body: JSON.stringify(value) }));
  return fc.oneof(
    { weight: 8, arbitrary: shaped },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ body: JSON.stringify(value) })) },
    { weight: 2, arbitrary: invalidJson.map((body) => ({ body })) },
    { weight: 1, arbitrary: deepNesting.map((body) => ({ body })) },
    // Raw bytes, mostly invalid UTF-8, as API Gateway passes a binary body: base64 with isBase64Encoded.
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true })) },
    // Valid JSON, base64-encoded (some clients send it so), and invalid UTF-8 inside a JSON string.
    { weight: 1, arbitrary: shaped.map(({ body }) => ({ body: Buffer.from(body).toString('base64'), isBase64Encoded: true })) },
    { weight: 1, arbitrary: fc.constant({ body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]).toString('base64'), isBase64Encoded: true }) },
    // Over the body size limit (1 MiB in the test stage).
    { weight: 1, arbitrary: fc.integer({ min: 1_048_000, max: 1_200_000 }).map((n) => ({ body: JSON.stringify({ padding: 'x'.repeat(n) }) })) },
    { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => ({ body: JSON.stringify({ padding: '\u00e9'.repeat(n / 2) }) })) },
    { weight: 1, arbitrary: fc.constant({}) },
  );
}

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml',
      'APPLICATION/JSON', 'application/json; charset=latin1', 'application/jsonx', 'application/vnd.api+json', '', '*/*', 'application/json, text/plain'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** What the Authorization header may carry: good tokens (with and without the scope), bad ones, junk. */
export interface Credentials {
  withScope: string;
  withoutScope: string;
  bad: string[];
}

function authorization(credentials: Credentials): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(`Bearer ${credentials.withScope}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(`Bearer ${credentials.withoutScope}`) },
    { weight: 1, arbitrary: fc.constantFrom(...credentials.bad).map((token) => `Bearer ${token}`) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`), fc.constantFrom('Bearer', 'Basic YWRtaW46YWRtaW4=', `bearer ${credentials.withScope}`, `Bearer  ${credentials.withScope} x`)) },
  );
}

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** Percent-encodes a path segment as it travels on the wire (a lone surrogate becomes U+FFFD); keeps `/`. */
const percentEncode = (text: string) =>
  encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')).replace(/%2F/g, '/');

/** A concrete path for a route template, with its path parameters; the catch-all gets any path at all. */
function pathFor(route: RouteSpec | undefined, template: string): fc.Arbitrary<{ path: string; pathParameters?: Record<string, string> }> {
  const names = [...template.matchAll(/\{([^}+]+)(\+?)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant({ path: template });
  const paramsShape = route?.params ? ((defOf(route.params()).shape ?? {}) as Record<string, Schema>) : {};
  const segment = (name: string) =>
    template.includes(`{${name}+}`)
      ? fc.array(fc.oneof(anyString, fc.constantFrom('..', '.', '%2e%2e', '')), { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'))
      : valueFor(paramsShape[name]).map(asText);
  return fc.tuple(...names.map(segment)).map((values) => {
    const pathParameters = Object.fromEntries(names.map((name, i) => [name, values[i]!]));
    const path = template.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => percentEncode(pathParameters[name]!));
    return { path, pathParameters };
  });
}

/** Query parameters: the route's own, with plausible or hostile values, plus unknown ones. */
function queryFor(route: RouteSpec | undefined): fc.Arbitrary<Record<string, string> | undefined> {
  const shape = route?.query ? ((defOf(route.query()).shape ?? {}) as Record<string, Schema>) : {};
  const known = fc.record(
    Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, valueFor(schema).map(asText)])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
  const unknown = fc.dictionary(fc.oneof(anyString, fc.constantFrom('limit', 'cursor', 'from', 'to')), anyString, { maxKeys: 2 });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: known },
    { weight: 2, arbitrary: fc.tuple(known, unknown).map(([a, b]) => ({ ...b, ...a })) },
  ).map((query) => (query && Object.keys(query).length ? query : undefined));
}

/** A whole request to one function: method, path, query, headers and body. */
export function requestFor(
  fn: { method: string; path: string; route?: RouteSpec },
  credentials: Credentials,
): fc.Arbitrary<EventInput> {
  const method = fn.method === '*' ? fc.constantFrom(...METHODS) : fc.constant(fn.method);
  const hasBody = fn.method !== 'GET' || fn.route?.body !== undefined;
  const body = hasBody ? bodyFor(fn.route) : fc.oneof({ weight: 4, arbitrary: fc.constant({} as BodyChoice) }, { weight: 1, arbitrary: bodyFor(fn.route) });
  return fc
    .record({
      method,
      target: pathFor(fn.route, fn.path),
      query: queryFor(fn.route),
      contentType,
      authorization: authorization(credentials),
      extraHeaders: fc.dictionary(headerName, anyString, { maxKeys: 3 }),
      body,
    })
    .map(({ method, target, query, contentType, authorization, extraHeaders, body }) => {
      const headers: Record<string, string> = { ...extraHeaders };
      if (body.body !== undefined) headers['content-type'] = contentType;
      if (authorization !== undefined) headers.authorization = authorization;
      return { method, routePath: fn.path, ...target, query, headers, ...body };
    });
}
