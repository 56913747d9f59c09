import fs from 'node:fs';
import path from 'node:path';
import { XraySink } from './deployed';
import { BENCH_STAGE, startEnvironment, type BenchEnvironment } from './environment';

// How a bench entry point ends: the servers it started (sls offline, stand-ins) would keep the process alive,
// so it exits 0 once `main` resolves, and prints the error and exits 1 when it rejects.
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/**
 * Runs `use` against the bench's servers (sls offline with DynamoDB Local and the tables, the upstream stand-in)
 * and a local X-Ray sink, started in a fresh `buildDir` and stopped whatever happens.
 */
export async function withBenchServers<T>(
  buildDir: string,
  progress: (message: string) => void,
  use: (servers: { environment: BenchEnvironment; xray: XraySink; xrayAddress: string }) => Promise<T>,
): Promise<T> {
  fs.rmSync(buildDir, { recursive: true, force: true });
  progress(`starting sls offline --stage ${BENCH_STAGE} (DynamoDB Local, tables) and the upstream stand-in`);
  const environment = await startEnvironment(path.join(buildDir, 'offline.log'));
  const xray = new XraySink();
  try {
    return await use({ environment, xray, xrayAddress: await xray.start() });
  } finally {
    await xray.close();
    await environment.stop();
  }
}
