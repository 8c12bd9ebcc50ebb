// A TCP proxy between XenDeck and a simulated sshd that can lose traffic on command (RELIABILITY
// FS-10: "the fault proxy forwards the rename request but drops the response"). SSH is encrypted,
// so the proxy can't see requests; the test tells it when (from a write step hook, synchronously
// right after the request was handed to the socket): from then on one direction is dropped, and
// the connection is cut once the test has seen what it waits for.
import { createServer, Socket, type Server } from 'node:net';

export type Drop = 'replies' | 'requests';

export class FaultProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<{ client: Socket; upstream: Socket; drop: Drop | null }>();
  port = 0;

  constructor(
    private readonly target: { address: string; port: number },
    private readonly listenAddress = '127.0.0.1',
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      const pair = { client, upstream, drop: null as Drop | null };
      this.pairs.add(pair);
      upstream.connect(this.target.port, this.target.address);
      client.on('data', (b) => {
        if (pair.drop !== 'requests') upstream.write(b);
      });
      upstream.on('data', (b) => {
        if (pair.drop !== 'replies') client.write(b);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
        this.pairs.delete(pair);
      };
      client.on('close', end);
      upstream.on('close', end);
      client.on('error', end);
      upstream.on('error', end);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, this.listenAddress, resolve));
    const a = this.server.address();
    this.port = typeof a === 'object' && a !== null ? a.port : 0;
  }

  /** From now on, every open connection loses the data going one way. */
  drop(what: Drop): void {
    for (const p of this.pairs) p.drop = what;
  }

  /** Cuts every open connection (new ones are forwarded normally). */
  cut(): void {
    for (const p of [...this.pairs]) {
      p.client.destroy();
      p.upstream.destroy();
      this.pairs.delete(p);
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
