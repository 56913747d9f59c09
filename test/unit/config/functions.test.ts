// The functions serverless.yml deploys are generated from the route specs: one per route, its handler where the
// convention says, its event from the route's method and path, and an environment with only what it reads.
import fs from 'node:fs';
import path from 'node:path';
import { routesOf } from '../../../config/settings';
import { handlerFileOf } from '../../../config/functions';
import { stageSettings } from '../../../scripts/local-settings';

const root = path.resolve(__dirname, '..', '..', '..');

describe.each(['local', 'prod'])('the %s stage functions', (stage) => {
  const settings = stageSettings(stage);
  const routes = routesOf(settings.services);
  const entries = routes.map((route) => [route.functionName ?? route.operationId, route] as const);

  it('are one per route spec of the deployed services, and nothing else', () => {
    expect(Object.keys(settings.functions).sort()).toEqual(entries.map(([name]) => name).sort());
  });

  it.each(entries)('%s: its handler lives where the convention says and its event is its route', (name, route) => {
    const fn = settings.functions[name]!;
    expect(fs.existsSync(path.join(root, handlerFileOf(route)))).toBe(true);
    expect(fn.handler).toBe(handlerFileOf(route).replace(/\.ts$/, '.handler'));
    expect(fn.events).toEqual([route.catchAll ? { httpApi: '*' } : { httpApi: { method: route.method, path: route.path } }]);
  });

  it.each(entries)('%s: its environment names only its own tables, and token and database settings only when it uses them', (name, route) => {
    const keys = Object.keys(settings.functions[name]!.environment);
    const tables = keys.filter((key) => key.endsWith('_TABLE')).sort();
    const ownTables = [...new Set((route.data ?? []).map(({ table }) => `${table.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_TABLE`))].sort();
    expect(tables).toEqual(ownTables);
    expect(keys.some((key) => key.startsWith('AUTH_'))).toBe(Boolean(route.auth));
    expect(keys.some((key) => key.startsWith('DYNAMODB_'))).toBe(Boolean(route.data?.length));
    expect(keys.includes('MAX_BODY_BYTES')).toBe(Boolean(route.body) || Boolean(route.settings?.includes('maxBodyBytes')));
    expect(keys).toEqual(expect.arrayContaining(['STAGE', 'SERVICE_VERSION', 'LOG_LEVEL', 'METRICS_ENABLED', 'METRICS_NAMESPACE']));
  });

  it('keeps secrets out of every function that does not verify tokens', () => {
    for (const [name, fn] of Object.entries(settings.functions)) {
      if (!fn.environment.AUTH_HS256_SECRET) continue;
      expect([name, routes.find((route) => (route.functionName ?? route.operationId) === name)?.auth]).toEqual([name, expect.any(Object)]);
    }
  });
});
