// A valid request for every route, so that each measurement exercises the route's real path (validation,
// auth, the domain code and its DynamoDB calls), not an early 400. Keyed by operationId; a route without an
// entry gets one built from the examples in its schemas (`z.meta({ examples })` on query and path fields),
// and the run reports when the answer is not the route's documented status.
//
// `request` runs untimed before each sample: it may create what the request needs (the user to delete) and
// must make writes unique (`ctx.unique`), since every sample is a real write. `after` runs untimed too.
import * as z from 'zod/mini';
import type { RouteSpec } from '#shared/http/route';
import type { EventInput, InvokeResult } from '../../test/helpers/lambda';

export interface ExampleContext {
  /** A fresh token for this sample: letters and digits, usable in ids and names. */
  unique: string;
  /** A bearer header of the bench stage carrying `scope`. */
  bearer(scope: string): Promise<Record<string, string>>;
  /** Invokes another route's handler in process (untimed), by operationId; throws on an unexpected status. */
  invoke(operationId: string, request: ExampleRequest): Promise<InvokeResult>;
  /** Runs `make` once per run and remembers its result: fixtures shared by every sample. */
  once<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** What `request` made for this sample, for `after` to clean up. */
  made: Record<string, string>;
}

/** What varies per route; method and route path come from the route itself. */
export interface ExampleRequest {
  path?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  json?: unknown;
}

export interface Example {
  request(ctx: ExampleContext): Promise<ExampleRequest> | ExampleRequest;
  after?(ctx: ExampleContext, response: { statusCode: number; body: unknown }): Promise<void>;
}

const DAY = '2017-10-28';
const sha = (unique: string) => Buffer.from(unique).toString('hex').padEnd(12, '0').slice(0, 40);
const deployEvent = (unique: string, engineer = 'bench-engineer', timestamp = `${DAY}T12:00:00Z`) => ({
  id: `bench-${unique}`,
  sha: sha(unique),
  timestamp,
  action: 'deploy',
  engineer,
});
const idOf = (result: InvokeResult) => String((result.body as { id: number }).id);

// Fixtures, created once per run through the routes themselves.
const benchUser = (ctx: ExampleContext) =>
  ctx.once('user', async () => {
    await ctx.invoke('createUser', { json: { userId: 'bench-user', name: 'Bench User' } }).catch(() => undefined);
    return 'bench-user';
  });
const benchEvents = (ctx: ExampleContext) =>
  ctx.once('events', async () => {
    const events = Array.from({ length: 20 }, (_, index) =>
      deployEvent(`fixture-${index}`, `bench-engineer-${index % 4}`, `${DAY}T${String(index).padStart(2, '0')}:30:00Z`),
    );
    await ctx.invoke('postEvents', { headers: await ctx.bearer('events:write'), json: { events } });
  });
const newAnalyst = async (ctx: ExampleContext) =>
  idOf(await ctx.invoke('createAnalyst', { headers: await ctx.bearer('assets:write'), json: { name: `Analyst ${ctx.unique}`, company: 'Bench' } }));
const benchAnalyst = (ctx: ExampleContext) => ctx.once('analyst', () => newAnalyst(ctx));
const assetBody = (analystId: string, unique: string) => ({
  name: `Asset ${unique}`,
  description: 'benchmark asset',
  inception_date: DAY,
  is_active: true,
  analyst_id: Number(analystId),
});
const newAsset = async (ctx: ExampleContext) =>
  idOf(await ctx.invoke('createAsset', { headers: await ctx.bearer('assets:write'), json: assetBody(await benchAnalyst(ctx), ctx.unique) }));
const newSubscription = async (ctx: ExampleContext) =>
  idOf(
    await ctx.invoke('createSubscription', {
      headers: await ctx.bearer('assets:write'),
      json: { email: `bench-${ctx.unique}@example.com`, topic: 'asset::creation' },
    }),
  );

/** Deletes what the sample's `request` made, when the measured request did not (a replay of another id). */
const removeIfLeft = async (ctx: ExampleContext, operationId: string) => {
  if (!ctx.made.id) return;
  await ctx.invoke(operationId, { headers: await ctx.bearer('assets:write'), params: { id: ctx.made.id } }).catch(() => undefined);
};

export const examples: Record<string, Example> = {
  // platform
  getHealth: { request: () => ({}) },
  getRoot: { request: () => ({}) },
  notFound: { request: () => ({ path: '/no/such/route' }) },
  getOpenApiDocument: { request: () => ({}) },
  getDocs: { request: () => ({}) },
  // factorial
  getFactorial: { request: () => ({ query: { number: '100' } }) },
  // users
  createUser: { request: ({ unique }) => ({ json: { userId: `bench-${unique}`, name: 'Bench User' } }) },
  getUser: { request: async (ctx) => ({ params: { userId: await benchUser(ctx) } }) },
  listUsers: { request: async (ctx) => (await benchUser(ctx), { query: { limit: '10' } }) },
  deleteUser: {
    request: async (ctx) => {
      await ctx.invoke('createUser', { json: { userId: `bench-${ctx.unique}`, name: 'Bench User' } });
      return { params: { userId: `bench-${ctx.unique}` } };
    },
  },
  // events
  postEvents: { request: async (ctx) => ({ headers: await ctx.bearer('events:write'), json: deployEvent(ctx.unique) }) },
  listEvents: { request: async (ctx) => (await benchEvents(ctx), { query: { from: DAY, to: DAY, limit: '100' } }) },
  listEngineers: { request: async (ctx) => (await benchEvents(ctx), { query: { limit: '100' } }) },
  getEngineer: { request: async (ctx) => (await benchEvents(ctx), { params: { engineer: 'bench-engineer-1' } }) },
  listEngineerEvents: {
    request: async (ctx) => (await benchEvents(ctx), { params: { engineer: 'bench-engineer-1' }, query: { limit: '100' } }),
  },
  getDailySummaries: { request: async (ctx) => (await benchEvents(ctx), { query: { from: '2017-10-01', to: '2017-10-30' } }) },
  getDailySummary: { request: async (ctx) => (await benchEvents(ctx), { params: { date: DAY } }) },
  // pokemon (the upstreams are the bench's stand-in; after the first sample the answer comes from the cache)
  getPokemon: { request: () => ({ params: { nameOrId: 'charizard' } }) },
  // assets
  listAnalysts: { request: async (ctx) => (await benchAnalyst(ctx), {}) },
  createAnalyst: {
    request: async (ctx) => ({ headers: await ctx.bearer('assets:write'), json: { name: `Analyst ${ctx.unique}`, company: 'Bench' } }),
  },
  getAnalyst: { request: async (ctx) => ({ params: { id: await benchAnalyst(ctx) } }) },
  updateAnalyst: {
    request: async (ctx) => ({
      headers: await ctx.bearer('assets:write'),
      params: { id: await benchAnalyst(ctx) },
      json: { name: `Analyst ${ctx.unique}`, company: 'Bench' },
    }),
  },
  deleteAnalyst: {
    request: async (ctx) => ({ headers: await ctx.bearer('assets:write'), params: { id: (ctx.made.id = await newAnalyst(ctx)) } }),
    after: (ctx) => removeIfLeft(ctx, 'deleteAnalyst'),
  },
  listAssets: { request: async (ctx) => (await ctx.once('asset', () => newAsset(ctx)), {}) },
  createAsset: {
    request: async (ctx) => ({ headers: await ctx.bearer('assets:write'), json: assetBody(await benchAnalyst(ctx), ctx.unique) }),
  },
  getAsset: { request: async (ctx) => ({ params: { id: await ctx.once('asset', () => newAsset(ctx)) } }) },
  updateAsset: {
    request: async (ctx) => ({
      headers: await ctx.bearer('assets:write'),
      params: { id: await ctx.once('asset', () => newAsset(ctx)) },
      json: assetBody(await benchAnalyst(ctx), ctx.unique),
    }),
  },
  deleteAsset: {
    request: async (ctx) => ({ headers: await ctx.bearer('assets:write'), params: { id: (ctx.made.id = await newAsset(ctx)) } }),
    after: (ctx) => removeIfLeft(ctx, 'deleteAsset'),
  },
  createSubscription: {
    request: async (ctx) => ({
      headers: await ctx.bearer('assets:write'),
      json: { email: `bench-${ctx.unique}@example.com`, topic: 'asset::creation' },
    }),
    // Every subscriber adds a notification to each asset creation: leave none behind.
    after: async (ctx, response) => {
      const id = String((response.body as { id?: number })?.id ?? '');
      if (id) await ctx.invoke('deleteSubscription', { headers: await ctx.bearer('assets:write'), params: { id } });
    },
  },
  deleteSubscription: {
    request: async (ctx) => ({ headers: await ctx.bearer('assets:write'), params: { id: (ctx.made.id = await newSubscription(ctx)) } }),
    // The warm section's bare handler replays the delete of another sample's id: remove this one.
    after: (ctx) => removeIfLeft(ctx, 'deleteSubscription'),
  },
  listNotifications: {
    request: async (ctx) => ({ headers: await ctx.bearer('assets:write'), params: { id: await ctx.once('subscription', () => newSubscription(ctx)) } }),
  },
};

/** The first `examples` value declared on a schema or on what it wraps (pipes, optionals, defaults). */
function schemaExample(schema: unknown): string | undefined {
  for (let current = schema as { def?: Record<string, unknown> } | undefined; current; ) {
    const examples = z.globalRegistry.get(current as unknown as z.ZodMiniType)?.examples;
    if (Array.isArray(examples) && examples.length > 0) return String(examples[0]);
    current = (current.def?.in ?? current.def?.innerType) as typeof current;
  }
  return undefined;
}

function examplesOf(schema: z.ZodMiniObject | undefined): Record<string, string> | undefined {
  if (!schema) return undefined;
  const values: Record<string, string> = {};
  for (const [key, field] of Object.entries(schema.def.shape)) {
    const value = schemaExample(field);
    if (value !== undefined) values[key] = value;
  }
  return values;
}

/** The example of a route: its entry above, or one made from its schemas' examples. */
export function exampleFor(route: RouteSpec): Example & { fromSchemas: boolean } {
  const known = examples[route.operationId];
  if (known) return { ...known, fromSchemas: false };
  return { fromSchemas: true, request: () => ({ params: examplesOf(route.params?.()), query: examplesOf(route.query?.()) }) };
}

/** The API Gateway event input for a route and an example request. */
export function eventInput(route: RouteSpec | undefined, request: ExampleRequest): EventInput {
  const method = route?.method ?? 'GET';
  const routePath = route?.path ?? '/';
  const params = request.params ?? {};
  const path = request.path ?? routePath.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => encodeURIComponent(params[name] ?? name));
  return {
    method,
    routePath: request.path ? path : routePath,
    path,
    query: request.query && Object.keys(request.query).length > 0 ? request.query : undefined,
    pathParameters: request.params && Object.keys(request.params).length > 0 ? request.params : undefined,
    headers: request.headers,
    json: request.json,
  };
}
