// Stops sls offline and, with its process group, DynamoDB Local; then the upstream stand-ins.
import fs from 'node:fs';
import { stopOffline } from '../scripts/offline-server';
import { globals, offlinePidFile } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (fs.existsSync(offlinePidFile)) {
    const pid = Number(fs.readFileSync(offlinePidFile, 'utf8'));
    fs.rmSync(offlinePidFile);
    await stopOffline(pid);
  }
  await globals.standIns?.close();
}
