// Starts `sls offline start --stage test` once for the whole run. The serverless-dynamodb plugin
// starts DynamoDB Local (in memory) and creates the tables from resources/, the same path as `npm start`;
// in-process tests use the same DynamoDB Local, so it starts once per run, not per file.
// Stand-ins for the internet upstreams (test/stand-ins) start first, and sls offline is pointed at them.
import fs from 'node:fs';
import path from 'node:path';
import { startOffline } from '../scripts/offline-server';
import { startStandIns, type RunningStandIns } from './stand-ins/index';
import { baseUrl, TEST_STAGE } from './stage';

const root = path.resolve(__dirname, '..');
export const offlinePidFile = path.join(root, 'test', 'artifacts', 'offline.pid');

/** Global setup and teardown share this process's globals: teardown closes the stand-ins through it. */
export const globals = globalThis as typeof globalThis & { standIns?: RunningStandIns };

export default async function globalSetup(): Promise<void> {
  const standIns = (globals.standIns = await startStandIns());
  try {
    const offline = await startOffline({
      stage: TEST_STAGE,
      baseUrl,
      logFile: path.join(root, 'test', 'artifacts', 'offline.log'),
      env: standIns.environment,
    });
    fs.writeFileSync(offlinePidFile, String(offline.pid));
  } catch (error) {
    await standIns.close();
    throw error;
  }
}
