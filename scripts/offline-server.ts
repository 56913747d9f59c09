// `sls offline start --stage <stage>` as a child process group (sls, its workers and the DynamoDB Local it starts),
// for the test run's global setup and for the benchmark: started, waited for until /health answers, and stopped.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** What serverless.yml's custom.esbuild.watch.pattern reads: set, sls offline rebuilds on every change it matches. */
export const WATCH_VARIABLE = 'SLS_WATCH_PATTERN';

/** An environment with watching off, whatever the developer exported (e.g. SLS_WATCH_PATTERN for hot reload). */
export function withoutWatching(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name !== WATCH_VARIABLE));
}

/**
 * What sls offline runs with: this process's environment without watching, so that nothing the test run or the
 * benchmark writes triggers a rebuild under it, then `added`, which alone may turn watching on (the hot reload test).
 */
export function serverEnvironment(inherited: NodeJS.ProcessEnv, added: Record<string, string>): NodeJS.ProcessEnv {
  return { ...withoutWatching(inherited), ...added, SLS_TELEMETRY_DISABLED: '1' };
}

export interface OfflineOptions {
  stage: string;
  /** Where it will answer, e.g. http://127.0.0.1:3100 (the stage's `offline.httpPort`). */
  baseUrl: string;
  /** sls offline's output goes here; its tail is in the error if it fails to start. */
  logFile: string;
  /** Added to this process's environment (e.g. the upstream URLs of stand-ins). */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** The project folder it runs in (default: this one), e.g. a copy of it. */
  cwd?: string;
}

export interface OfflineServer {
  /** The process group's id: `stopOffline(pid)` ends sls and DynamoDB Local together. */
  pid: number;
  stop: () => Promise<void>;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Ctrl-C to the whole group (sls stops DynamoDB Local itself), then a kill for whatever outlived it. */
export async function stopOffline(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function startOffline({ stage, baseUrl, logFile, env = {}, timeoutMs = 120_000, cwd = root }: OfflineOptions): Promise<OfflineServer> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [path.join(cwd, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--stage', stage],
    { cwd, detached: true, stdio: ['ignore', log, log], env: serverEnvironment(process.env, env) },
  );
  let exited: string | undefined;
  const onExit = (code: number | null) => {
    exited = `sls offline exited with code ${code} before it was ready; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`;
  };
  child.on('exit', onExit);
  const pid = child.pid!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(exited);
    if (Date.now() > deadline) {
      await stopOffline(pid);
      throw new Error(`sls offline did not answer ${baseUrl}/health within ${timeoutMs / 1000} s; see ${logFile}`);
    }
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.off('exit', onExit);
  child.unref();
  return { pid, stop: () => stopOffline(pid) };
}
