// Stops sls offline and, with its process group, DynamoDB Local; then the upstream stand-ins.
import fs from 'node:fs';
import { globals, offlinePidFile } from './global-setup';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export default async function globalTeardown(): Promise<void> {
  await stopOffline();
  await globals.standIns?.close();
}

async function stopOffline(): Promise<void> {
  if (!fs.existsSync(offlinePidFile)) return;
  const pid = Number(fs.readFileSync(offlinePidFile, 'utf8'));
  fs.rmSync(offlinePidFile);
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
