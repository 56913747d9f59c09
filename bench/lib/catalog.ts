// Every function of a stage, as serverless.yml deploys it: its handler file and export, its route (method
// and path from its httpApi event), and the route's description (the `defineRoute` value whose method and
// path match, found through the registry the OpenAPI document is built from). Nothing here names a function:
// a service merged tomorrow is benchmarked tomorrow.
import path from 'node:path';
import type { RouteSpec } from '#shared/http/route';
import { stageSettings } from '../../scripts/local-settings';

export const root = path.resolve(__dirname, '..', '..');

export interface BenchFunction {
  /** The function's name in serverless.yml (`getFactorial`). */
  name: string;
  /** `functions/factorial/get-factorial.handler`, as serverless.yml deploys it. */
  handler: string;
  /** The TypeScript source of the handler, absolute. */
  sourceFile: string;
  exportName: string;
  /** `GET /api/v1/factorial`, or `*` for the catch-all. */
  routeKey: string;
  route: RouteSpec | undefined;
  /** The status a valid request gets: the route's first documented success, else its first documented error. */
  expectedStatus: number;
}

interface HttpApiEvent {
  httpApi?: string | { method?: string; path?: string };
}

// Imported when asked for: route modules may read the configuration when they load, so the stage's
// environment must be in place first.
async function allRoutes(): Promise<RouteSpec[]> {
  const { routeModules } = await import('#shared/openapi/routes');
  return Object.values(routeModules).flatMap((module) => Object.values(module as Record<string, RouteSpec>));
}

function routeOf(event: HttpApiEvent['httpApi'], routes: RouteSpec[]): { routeKey: string; route: RouteSpec | undefined } {
  if (event === '*' || event === undefined) {
    // API Gateway's $default route: described by the route whose path is a greedy proxy.
    return { routeKey: '*', route: routes.find((route) => route.path.includes('{proxy+}')) };
  }
  if (typeof event === 'string') {
    const [method = 'GET', routePath = '/'] = event.split(' ');
    return routeOf({ method, path: routePath }, routes);
  }
  const method = (event.method ?? 'GET').toUpperCase();
  const routePath = event.path ?? '/';
  return {
    routeKey: `${method} ${routePath}`,
    route: routes.find((route) => route.method === method && route.path === routePath),
  };
}

function expectedStatus(route: RouteSpec | undefined): number {
  const statuses = Object.keys(route?.responses ?? {}).map(Number);
  if (statuses.length > 0) return Math.min(...statuses);
  const errors = Object.keys(route?.errors ?? {}).map(Number);
  return errors.length > 0 ? Math.min(...errors) : 200;
}

/** The HTTP functions of a stage (those with an httpApi event), in serverless.yml's order. */
export async function benchFunctions(stage: string): Promise<BenchFunction[]> {
  const routes = await allRoutes();
  const functions: BenchFunction[] = [];
  for (const [name, definition] of Object.entries(stageSettings(stage).functions)) {
    const httpEvent = ((definition.events ?? []) as HttpApiEvent[]).find((event) => event.httpApi !== undefined);
    if (!httpEvent) continue;
    const dot = definition.handler.lastIndexOf('.');
    const modulePath = definition.handler.slice(0, dot);
    const { routeKey, route } = routeOf(httpEvent.httpApi, routes);
    functions.push({
      name,
      handler: definition.handler,
      sourceFile: path.join(root, `${modulePath}.ts`),
      exportName: definition.handler.slice(dot + 1),
      routeKey,
      route,
      expectedStatus: expectedStatus(route),
    });
  }
  return functions;
}
