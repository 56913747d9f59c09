// Starts `sls offline start --stage test` once for the whole run. The serverless-dynamodb plugin
// starts DynamoDB Local (in memory) and creates the tables from resources/, the same path as `npm start`;
// in-process tests use the same DynamoDB Local, so it starts once per run, not per file.
// Stand-ins for the internet upstreams (test/stand-ins) start first, and sls offline is pointed at them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startStandIns, type RunningStandIns } from './stand-ins/index';
import { baseUrl, TEST_STAGE } from './stage';

const root = path.resolve(__dirname, '..');
export const offlinePidFile = path.join(root, 'test', 'artifacts', 'offline.pid');

async function waitForHealth(deadline: number, exited: () => string | undefined): Promise<void> {
  while (Date.now() < deadline) {
    const failure = exited();
    if (failure) throw new Error(failure);
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`sls offline did not answer ${baseUrl}/health in time`);
}

/** Global setup and teardown share this process's globals: teardown closes the stand-ins through it. */
export const globals = globalThis as typeof globalThis & { standIns?: RunningStandIns };

export default async function globalSetup(): Promise<void> {
  const standIns = (globals.standIns = await startStandIns());
  fs.mkdirSync(path.dirname(offlinePidFile), { recursive: true });
  const logFile = path.join(root, 'test', 'artifacts', 'offline.log');
  const log = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules', 'serverless', 'bin', 'serverless.js'), 'offline', 'start', '--stage', TEST_STAGE],
    { cwd: root, detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...standIns.environment, SLS_TELEMETRY_DISABLED: '1' } },
  );
  fs.writeFileSync(offlinePidFile, String(child.pid));
  let exit: string | undefined;
  child.on('exit', (code) => {
    exit = `sls offline exited with code ${code} before it was ready; see ${logFile}:\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`;
  });
  try {
    await waitForHealth(Date.now() + 120_000, () => exit);
  } catch (error) {
    await standIns.close();
    throw error;
  }
  child.removeAllListeners('exit');
  child.unref();
}
