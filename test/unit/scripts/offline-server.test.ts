// The sls offline the test run and the benchmark start (scripts/offline-server.ts): it watches nothing, whatever the
// developer exported, so that nothing they write triggers a rebuild under it; only an explicit `env` turns it on.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { serverEnvironment, WATCH_VARIABLE } from '../../../scripts/offline-server';
import { HOT_RELOAD_ENV } from '../../../scripts/start';

const root = path.resolve(__dirname, '..', '..', '..');

describe('the environment of the sls offline that tests and the benchmark start', () => {
  const developers = { PATH: '/usr/bin', OFFLINE_PORT: '4300', ...HOT_RELOAD_ENV };

  it('is the variable serverless.yml reads for its watch pattern', () => {
    const serverless = parse(fs.readFileSync(path.join(root, 'serverless.yml'), 'utf8')) as { custom: { esbuild: { watch: { pattern: string } } } };
    expect(serverless.custom.esbuild.watch.pattern).toBe(`\${env:${WATCH_VARIABLE}, null}`);
  });

  it('has watching off even when the watch pattern is exported in this process', () => {
    expect(serverEnvironment(developers, {})).not.toHaveProperty(WATCH_VARIABLE);
  });

  it("keeps the rest of this process's environment and adds what the caller passes", () => {
    expect(serverEnvironment(developers, { DYNAMODB_PORT: '9300' })).toEqual({
      PATH: '/usr/bin',
      OFFLINE_PORT: '4300',
      DYNAMODB_PORT: '9300',
      SLS_TELEMETRY_DISABLED: '1',
    });
  });

  it('watches when the caller asks for it, as the hot reload test does', () => {
    expect(serverEnvironment({ PATH: '/usr/bin' }, HOT_RELOAD_ENV)).toMatchObject(HOT_RELOAD_ENV);
  });
});
