// `npm start` and `npm run start:debug`: `sls offline start --stage local` with hot reload, and its output made
// readable in a terminal (scripts/local-logs.ts). Arguments after `--` go to sls offline.
//   npm start                      the API, handlers rebuilt on every change to functions/ or shared/
//   npm run start:debug            the same with the Node inspector on 127.0.0.1:9229, no reload (README, "Debugging")
//   LOG_FORMAT=json npm start      the functions' JSON log lines, as CloudWatch gets them
//
// sls runs in this process group, as it did when `npm start` was `sls offline start` itself: Ctrl-C reaches sls and
// DynamoDB Local directly and sls stops them; this process only waits for sls to end, reading its output to the
// last line, and exits with its code. Beside it, in this process, the notifications relay (local-relay.ts): the SES
// stand-in and the poller that feeds DynamoDB Local's stream to the stream consumers inside sls offline.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { lineFormatter, lineStream, logFormat, withoutOfflineEcho } from './local-logs';
import { startLocalRelay } from './local-relay';
import { WATCH_VARIABLE, withoutWatching } from './offline-server';

const root = path.resolve(__dirname, '..');

/**
 * What serverless-esbuild watches (serverless.yml custom.esbuild.watch.pattern reads it). Unset, as in tests,
 * the benchmark and scripts (scripts/offline-server.ts removes it), nothing is watched and nothing is rebuilt
 * while sls offline runs.
 */
export const HOT_RELOAD_ENV = { [WATCH_VARIABLE]: '{functions,shared}/**/*.ts' };

/** Where `npm run start:debug` listens for a debugger (.vscode/launch.json attaches here); INSPECT_PORT moves it. */
export const INSPECTOR = `127.0.0.1:${process.env.INSPECT_PORT || 9229}`;

export function offlineCommand(args: string[], debug: boolean): string[] {
  // --enable-source-maps, as deployed: the stack of a 5xx names our TypeScript files (worker threads inherit it).
  const sls = ['--enable-source-maps', path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--stage', 'local'];
  // In the debugger, handlers run in the inspected process itself (not in worker threads) and never time out
  // while paused on a breakpoint.
  if (debug) return [`--inspect=${INSPECTOR}`, ...sls, '--useInProcess', '--noTimeout', ...args];
  return [...sls, ...args];
}

/**
 * The environment sls runs with. No watching under the debugger, even if the developer exported the variable: the
 * process keeps the code it loaded, and a rebuilt bundle and source map on disk would no longer match it
 * (breakpoints would bind to the wrong lines). FORCE_COLOR: sls keeps its colours when its stderr is our pipe.
 */
export function offlineEnvironment(inherited: NodeJS.ProcessEnv, debug: boolean, pretty: boolean): NodeJS.ProcessEnv {
  return {
    ...withoutWatching(inherited),
    ...(debug ? {} : HOT_RELOAD_ENV),
    SLS_TELEMETRY_DISABLED: '1',
    ...(pretty ? { FORCE_COLOR: '1' } : {}),
  };
}

async function main(argv: string[]): Promise<void> {
  const debug = argv[0] === '--debug';
  const args = debug ? argv.slice(1) : argv;
  const format = logFormat(Boolean(process.stdout.isTTY));
  const child = spawn(process.execPath, offlineCommand(args, debug), {
    cwd: root,
    stdio: format === 'pretty' ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    env: offlineEnvironment(process.env, debug, format === 'pretty'),
  });
  // The functions' JSON lines come on stdout, sls offline's own messages on stderr.
  child.stdout?.pipe(lineStream(lineFormatter({ colorize: true }))).pipe(process.stdout);
  child.stderr?.pipe(lineStream(withoutOfflineEcho)).pipe(process.stderr);
  // Ctrl-C reaches sls by itself (same process group): wait for it to stop. Any other stop is passed on.
  process.on('SIGINT', () => {});
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  const say = (line: string) => process.stderr.write(`${line}\n`);
  // Without the relay the API still runs: notifications then stay pending.
  const relay = startLocalRelay('local', say).catch((error: unknown) => {
    say(`The notifications relay did not start: ${error instanceof Error ? error.message : String(error)}`);
    return { stop: async () => {} };
  });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
    // The relay stops with sls; one still starting (waiting for DynamoDB Local) is not waited for.
    const stopped = relay.then((running) => running.stop());
    const giveUp = new Promise((resolve) => setTimeout(resolve, 3000));
    void Promise.race([stopped, giveUp]).finally(() => process.exit());
  });
  await relay;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
