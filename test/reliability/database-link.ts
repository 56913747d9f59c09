// A TCP link between the functions and a database, that a test can cut and restore. Cut: every open connection is
// reset (RST, as when the server goes away) and new ones are refused; restored: it listens again on the same port,
// so the functions' endpoint never changes. From a function's side this is the database gone mid-request and back,
// while what the database acknowledged stays acknowledged, as it does in DynamoDB.
import net from 'node:net';

export class DatabaseLink {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private port = 0;

  constructor(private readonly targetPort: number) {}

  get endpoint(): string {
    if (!this.port) throw new Error('The link is not open yet');
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts forwarding (again, after a cut: on the same port). */
  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => [client, upstream].forEach((end) => end.destroy()));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Refuses new connections and resets the open ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of this.sockets) socket.resetAndDestroy();
    await closed;
  }
}
