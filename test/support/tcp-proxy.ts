/**
 * A TCP proxy standing between the app and MySQL or Redis, for backend outages without touching
 * the shared service. Two kinds of outage:
 * - cut: every connection is dropped and new ones are refused until `restore` (a backend that
 *   crashed or restarted);
 * - freeze: connections stay open but nothing moves either way, and new ones are accepted and
 *   left waiting (a backend that hangs, a network that silently drops packets: no reset, no
 *   close) until `thaw` lets everything that waited flow on, intact.
 */
import net from 'node:net';

type Pair = readonly [client: net.Socket, upstream: net.Socket];

export class TcpProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<Pair>();
  private refusing = false;
  private frozen = false;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  /** Listens on an ephemeral port of 127.0.0.1 and resolves with it. */
  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not on TCP');
    return address.port;
  }

  /** Drops every connection and refuses new ones until `restore`. */
  cut(): void {
    this.refusing = true;
    this.destroyAll();
  }

  restore(): void {
    this.refusing = false;
  }

  /** Holds every byte, both ways, on open and new connections until `thaw`. */
  freeze(): void {
    this.frozen = true;
    for (const pair of this.pairs) for (const socket of pair) socket.pause();
  }

  thaw(): void {
    this.frozen = false;
    for (const pair of this.pairs) for (const socket of pair) socket.resume();
  }

  async stop(): Promise<void> {
    this.destroyAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair: Pair = [client, upstream];
    this.pairs.add(pair);
    for (const socket of pair) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
    if (this.frozen) for (const socket of pair) socket.pause();
  }

  private destroyAll(): void {
    for (const pair of this.pairs) for (const socket of pair) socket.destroy();
    this.pairs.clear();
  }
}

/** The same URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, port: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(port);
  return parsed.toString();
}
