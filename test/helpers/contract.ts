// The contract test's plan: for one route and one documented status, the request that provokes that answer.
// A route's own `exampleRequests[status]` wins; otherwise the request is derived where the answer is the
// factory's (see shared/http/handler.ts) or the route's schemas carry examples:
//   success   the route's example for its first success status, else one built from the schemas' examples
//   400       a body route: malformed JSON; a route with a required query parameter: no query at all
//   401/403   the success request with no token / with a token that lacks the route's scope
//   413/415   the success request with a body over the size limit / a text/plain body
// A derived error request drops the success request's setup, unless it fills a "{{n.field}}" from it
// (an id the setup created): then the setup runs first, as for the success request.
//   500/503   not provoked: no request makes the code fail or the database go away (listed by the test)
// Anything else without an example is a gap the test reports, naming the route and status to give one for.
import type { ExampleRequest, RouteSpec } from '#shared/http/route';
import { firstSuccessStatus, jsonSchema, type JsonSchema } from '#shared/openapi/document';
import { request, type HttpAnswer } from './http';
import { bearer, tokenWithScope } from './tokens';

export type Plan =
  | { kind: 'send'; example: ExampleRequest }
  | { kind: 'not-over-http'; reason: string }
  | { kind: 'missing'; reason: string };

/** Responses the handler factory gives on failures no request can cause. */
const NOT_OVER_HTTP: Record<number, string> = {
  500: 'only an unexpected exception in the code gives it',
  503: 'only an unreachable or throttling database gives it',
};

function schemaExamples(schema: RouteSpec['query']): Record<string, string> | undefined | 'incomplete' {
  if (!schema) return undefined;
  const object = jsonSchema(schema(), 'input');
  const required = new Set((object.required ?? []) as string[]);
  const values: Record<string, string> = {};
  for (const [name, property] of Object.entries((object.properties ?? {}) as Record<string, JsonSchema>)) {
    const example = (property.examples as unknown[] | undefined)?.[0];
    if (example !== undefined) values[name] = String(example);
    else if (required.has(name)) return 'incomplete';
  }
  return values;
}

/** A request for the route's first success answer, from its example or from its schemas' examples. */
export function successExample(route: RouteSpec): ExampleRequest | undefined {
  const status = firstSuccessStatus(route);
  const own = status === undefined ? undefined : route.exampleRequests?.[status];
  if (own) return own.notOverHttp ? undefined : own;
  const params = schemaExamples(route.params);
  const query = schemaExamples(route.query);
  if (params === 'incomplete' || query === 'incomplete') return undefined;
  if (route.path.includes('{') && !params) return undefined;
  const body = route.body ? (jsonSchema(route.body(), 'input').examples as unknown[] | undefined)?.[0] : undefined;
  if (route.body && body === undefined) return undefined;
  return { params, query, ...(route.body ? { body } : {}) };
}

export function planFor(route: RouteSpec, status: number, maxBodyBytes: number): Plan {
  const own = route.exampleRequests?.[status];
  if (own) return own.notOverHttp ? { kind: 'not-over-http', reason: own.notOverHttp } : { kind: 'send', example: own };
  if (NOT_OVER_HTTP[status]) return { kind: 'not-over-http', reason: NOT_OVER_HTTP[status] };

  const success = successExample(route);
  const where = `${route.operationId} (${route.method} ${route.path})`;
  if (!success) {
    const first = firstSuccessStatus(route) ?? status;
    return {
      kind: 'missing',
      reason: `${where}: give the route exampleRequests[${first === status ? status : `${first}] or exampleRequests[${status}`}], or examples on its schemas`,
    };
  }
  // Derived error requests need no stored state, only the values the success request takes from it.
  const { setup: _setup, ...withoutSetup } = success;
  const base = JSON.stringify(withoutSetup).includes('{{') ? success : withoutSetup;
  if (status < 400) return { kind: 'send', example: success };
  if (route.auth && status === 401) return { kind: 'send', example: { ...base, token: 'none' } };
  if (route.auth && status === 403) return { kind: 'send', example: { ...base, token: 'without-scope' } };
  if (route.body && status === 413) {
    // An object, not a bare JSON string: sls offline hands a parsed top-level string to the function unquoted.
    const text = JSON.stringify({ padding: 'x'.repeat(maxBodyBytes) });
    return { kind: 'send', example: { ...base, body: undefined, rawBody: { text, contentType: 'application/json' } } };
  }
  if (route.body && status === 415) {
    return { kind: 'send', example: { ...base, body: undefined, rawBody: { text: 'not json', contentType: 'text/plain' } } };
  }
  if (status === 400 && route.body) {
    return { kind: 'send', example: { ...base, body: undefined, rawBody: { text: '{', contentType: 'application/json' } } };
  }
  const requiredQuery = route.query && ((jsonSchema(route.query(), 'input').required ?? []) as string[]).length > 0;
  if (status === 400 && requiredQuery) return { kind: 'send', example: { ...base, query: {} } };
  return { kind: 'missing', reason: `${where}: give the route exampleRequests[${status}]: a request that gets ${status}` };
}

/** Replaces "{{n.field}}" with `field` of answer n: whole strings keep the value's type. */
function resolve<T>(value: T, answers: unknown[]): T {
  const lookup = (index: string, field: string) =>
    field.split('.').reduce<unknown>((item, key) => (item as Record<string, unknown> | undefined)?.[key], answers[Number(index)]);
  if (typeof value === 'string') {
    const whole = /^\{\{(\d+)\.([\w.]+)\}\}$/.exec(value);
    if (whole) return lookup(whole[1]!, whole[2]!) as T;
    return value.replace(/\{\{(\d+)\.([\w.]+)\}\}/g, (_match, index: string, field: string) => String(lookup(index, field))) as T;
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, answers)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, answers)])) as T;
  }
  return value;
}

/** The concrete path: `{name}` URL-encoded, a greedy `{name+}` encoded segment by segment. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for the path parameter ${name} of ${template}`);
    return name.endsWith('+') ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
}

/** Runs the example's setup calls, then sends it to the route; returns the route's answer. */
export async function sendExample(route: RouteSpec, example: ExampleRequest): Promise<HttpAnswer> {
  const answers: unknown[] = [];
  for (const [index, call] of (example.setup ?? []).entries()) {
    const headers = call.scope ? bearer(await tokenWithScope(call.scope)) : {};
    const answer = await request(resolve(call.path, answers), { method: call.method, headers, json: resolve(call.body, answers) });
    if (answer.status >= 300) throw new Error(`Setup call ${index} (${call.method} ${call.path}) answered ${answer.status}: ${answer.text}`);
    answers.push(answer.body);
  }
  const query = new URLSearchParams(resolve(example.query ?? {}, answers)).toString();
  const path = fillPath(route.path, resolve(example.params, answers)) + (query ? `?${query}` : '');
  const headers: Record<string, string> = {};
  if (route.auth && example.token !== 'none') {
    const scope = example.token === 'without-scope' ? 'no-such-scope' : route.auth.scope;
    Object.assign(headers, bearer(await tokenWithScope(scope)));
  }
  if (example.rawBody) {
    headers['content-type'] = example.rawBody.contentType;
    return request(path, { method: route.method, headers, body: example.rawBody.text });
  }
  return request(path, { method: route.method, headers, json: resolve(example.body, answers) });
}
