// Every function of the test stage, with its route spec and the tables its IAM statements name, so that
// cross-cutting tests (fuzzing, limits, faults, security) cover each function without naming it: a new
// defineRoute in shared/<service>/routes.ts (which is what deploys a function, see config/functions.ts) is
// picked up as it lands.
import path from 'node:path';
import type { RouteSpec } from '#shared/http/route';
import { roleStatements } from '../../config/cloudformation';
import { invoke, type EventInput, type InvokeResult } from './lambda';
import { testSettings } from '../stage';

const root = path.resolve(__dirname, '..', '..');

type Handler = Parameters<typeof invoke>[0];

export interface FunctionEntry {
  /** The deployed function's name (the route's functionName, else its operationId). */
  name: string;
  /** `GET`, `POST`, ...; `*` for the catch-all. */
  method: string;
  /** The route path as API Gateway writes it: `/users/{userId}`; `/{proxy+}` for the catch-all. */
  path: string;
  /** Logical ids of the tables its IAM statements name (`UsersTable`). */
  tables: string[];
  /** Whether its IAM statements allow any DynamoDB write. */
  writes: boolean;
  /** The Lambda timeout that applies to it. */
  timeoutSeconds: number;
  modulePath: string;
  exportName: string;
}

export interface LoadedFunction extends FunctionEntry {
  handler: Handler;
  /** The route spec behind it (undefined only for a function whose route is not declared with defineRoute). */
  route?: RouteSpec;
}

const WRITE_ACTIONS = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems|\*)$/;

function iamOf(name: string): { tables: string[]; writes: boolean } {
  const role = testSettings.resources.Resources[testSettings.functions[name]!.role];
  const statements = roleStatements(role);
  const tables = new Set<string>();
  let writes = false;
  for (const statement of statements) {
    const actions = ([] as string[]).concat(statement.Action);
    if (!actions.some((action) => action.startsWith('dynamodb:'))) continue;
    if (actions.some((action) => WRITE_ACTIONS.test(action))) writes = true;
    // Every table named anywhere in the resource (GetAtt [XTable, Arn] or a Join around it).
    for (const match of JSON.stringify(statement.Resource).matchAll(/"([A-Za-z0-9]+Table)"/g)) tables.add(match[1]!);
  }
  return { tables: [...tables], writes };
}

const httpApiOf = (fn: (typeof testSettings.functions)[string]) =>
  (fn.events ?? []).map((event) => (event as { httpApi?: unknown }).httpApi).find(Boolean);

/**
 * The test stage's HTTP functions, from `stageSettings('test').functions` (nothing is listed by hand). Stream
 * consumers (shared/streams/consumer.ts) take no HTTP request: their tests are their own.
 */
export function functionCatalogue(): FunctionEntry[] {
  return Object.entries(testSettings.functions).filter(([, fn]) => httpApiOf(fn)).map(([name, fn]) => {
    const httpApi = httpApiOf(fn);
    const catchAll = httpApi === '*';
    const { method, path: routePath } = catchAll
      ? { method: '*', path: '/{proxy+}' }
      : (httpApi as { method: string; path: string });
    const dot = fn.handler.lastIndexOf('.');
    return {
      name,
      method: method.toUpperCase(),
      path: routePath,
      ...iamOf(name),
      timeoutSeconds: fn.timeout,
      modulePath: path.join(root, fn.handler.slice(0, dot)),
      exportName: fn.handler.slice(dot + 1),
    };
  });
}

/** Every exported defineRoute of every service. */
export function allRoutes(routeModules: Record<string, Record<string, unknown>>): RouteSpec[] {
  return Object.values(routeModules).flatMap((module) => Object.values(module) as RouteSpec[]);
}

/**
 * Loads every function's handler and the route modules in a fresh module registry, after putting `env` into
 * process.env: `config()` is memoized per registry, so the handlers see exactly this environment
 * (another DynamoDB endpoint, other table names, a stand-in upstream).
 */
export function loadFunctions(env: Record<string, string> = {}): { functions: LoadedFunction[]; routes: RouteSpec[] } {
  Object.assign(process.env, env);
  let loaded: { functions: LoadedFunction[]; routes: RouteSpec[] } | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const routes = allRoutes(require('#shared/openapi/routes').routeModules);
    const functions = functionCatalogue().map((entry) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const handler = require(entry.modulePath)[entry.exportName] as Handler;
      const route =
        entry.method === '*'
          ? routes.find((spec) => spec.path === '/{proxy+}')
          : routes.find((spec) => spec.method === entry.method && spec.path === entry.path);
      return { ...entry, handler, route };
    });
    loaded = { functions, routes };
  });
  return loaded!;
}

const templateRegex = (template: string) =>
  new RegExp(
    `^${template
      .split(/(\{[^}]+\})/)
      .map((part) => (part.startsWith('{') ? (part.endsWith('+}') ? '(.+)' : '([^/]+)') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );

/** The function API Gateway would route `method path` to, with the path parameters it would extract. */
export function routeTo(functions: LoadedFunction[], method: string, concretePath: string) {
  const candidates = functions
    .filter((fn) => fn.method === method || fn.method === '*')
    .sort((a, b) => Number(a.method === '*') - Number(b.method === '*') || Number(a.path.includes('+}')) - Number(b.path.includes('+}')));
  for (const fn of candidates) {
    const match = templateRegex(fn.path).exec(concretePath);
    if (!match) continue;
    const names = [...fn.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!);
    const pathParameters = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { fn, pathParameters: names.length ? pathParameters : undefined };
  }
  throw new Error(`No function serves ${method} ${concretePath}`);
}

/** Invokes, in process, the function that serves `method path`, as API Gateway would. */
export async function callRoute(
  functions: LoadedFunction[],
  method: string,
  pathWithQuery: string,
  input: Omit<EventInput, 'method' | 'path' | 'routePath' | 'pathParameters' | 'query'> = {},
): Promise<InvokeResult> {
  const url = new URL(pathWithQuery, 'http://localhost');
  const { fn, pathParameters } = routeTo(functions, method, url.pathname);
  const query = url.search ? Object.fromEntries(url.searchParams) : undefined;
  return invoke(fn.handler, { ...input, method, path: url.pathname, routePath: fn.path, pathParameters, query });
}
