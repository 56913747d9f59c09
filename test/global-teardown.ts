// Stops sls offline and, with its process group, DynamoDB Local.
import fs from 'node:fs';
import { offlinePidFile } from './global-setup';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export default async function globalTeardown(): Promise<void> {
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
