// `npm start` and `npm run start:debug` (scripts/start.ts): the sls offline command and environment each runs with,
// and the editor configuration that attaches to the debug form (.vscode/launch.json).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { HOT_RELOAD_ENV, INSPECTOR, offlineCommand, offlineEnvironment } from '../../../scripts/start';

const root = path.resolve(__dirname, '..', '..', '..');
const slsAt = (command: string[]) => command.findIndex((arg) => arg.endsWith(path.join('serverless', 'bin', 'serverless.js')));
/** Node's own options: what comes before the script. */
const nodeOptions = (command: string[]) => command.slice(0, slsAt(command));
const slsArgs = (command: string[]) => command.slice(slsAt(command) + 1);

describe('npm run start:debug', () => {
  const command = offlineCommand([], true);

  it('runs sls offline for the local stage under the Node inspector', () => {
    expect(nodeOptions(command)).toContain(`--inspect=${INSPECTOR}`);
    expect(slsArgs(command).slice(0, 4)).toEqual(['offline', 'start', '--stage', 'local']);
  });

  it('runs the handlers in the inspected process, not in worker threads', () => {
    expect(slsArgs(command)).toContain('--useInProcess');
  });

  it('lets a handler paused on a breakpoint run past its timeout', () => {
    expect(slsArgs(command)).toContain('--noTimeout');
  });

  it('passes the arguments after `--` on to sls offline', () => {
    expect(slsArgs(offlineCommand(['--httpPort', '3100'], true)).slice(-2)).toEqual(['--httpPort', '3100']);
  });

  it('watches nothing, even when the developer exported the watch pattern', () => {
    const inherited = { PATH: '/usr/bin', ...HOT_RELOAD_ENV };
    const environment = offlineEnvironment(inherited, true, false);
    expect(Object.keys(HOT_RELOAD_ENV).filter((name) => name in environment)).toEqual([]);
    expect(environment.PATH).toBe('/usr/bin');
  });
});

describe('npm start', () => {
  const command = offlineCommand([], false);

  it('runs sls offline for the local stage without an inspector', () => {
    expect(command.some((arg) => arg.startsWith('--inspect'))).toBe(false);
    expect(slsArgs(command)).toEqual(['offline', 'start', '--stage', 'local']);
  });

  it('runs with source maps on, as deployed', () => {
    expect(nodeOptions(command)).toEqual(['--enable-source-maps']);
  });

  it('watches functions/ and shared/ for hot reload', () => {
    expect(offlineEnvironment({}, false, false)).toMatchObject(HOT_RELOAD_ENV);
    expect(Object.values(HOT_RELOAD_ENV)).toEqual(['{functions,shared}/**/*.ts']);
  });
});

describe('.vscode/launch.json', () => {
  // VS Code reads it as JSON with comments; TypeScript's parser reads the same dialect.
  const parsed = ts.parseConfigFileTextToJson('launch.json', fs.readFileSync(path.join(root, '.vscode', 'launch.json'), 'utf8'));
  const launch = parsed.config as { configurations: Array<{ request: string; address: string; port: number }> };

  it('is valid JSON (with comments)', () => {
    expect(parsed.error).toBeUndefined();
    expect(launch.configurations.length).toBeGreaterThan(0);
  });

  it('attaches where npm run start:debug listens when INSPECT_PORT is unset', () => {
    const saved = process.env.INSPECT_PORT;
    delete process.env.INSPECT_PORT;
    let inspector = '';
    try {
      jest.isolateModules(() => {
        inspector = (jest.requireActual('../../../scripts/start') as { INSPECTOR: string }).INSPECTOR;
      });
    } finally {
      if (saved !== undefined) process.env.INSPECT_PORT = saved;
    }
    const attach = launch.configurations.find((configuration) => configuration.request === 'attach')!;
    expect(`${attach.address}:${attach.port}`).toBe(inspector);
    expect(inspector).toBe('127.0.0.1:9229');
  });
});
