/**
 * Stopping the server while a browser reconnects. A request in flight when the server stops
 * listening keeps its keep-alive connection open, and Node goes on serving that connection: a
 * page that reconnects through it (half a second after the server ended its socket) used to get a
 * new Socket.IO session, whose long-poll then held the shutdown open for good.
 */
import http from 'node:http';
import { expect } from 'chai';
import { signUp } from '../support/http';
import { createTestApp, type TestApp } from '../support/test-app';

/** Engine.IO v4 over long-polling, by hand, on one kept-alive connection, as a browser does it. */
class PollingClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private sid: string | undefined;

  constructor(
    private readonly url: string,
    private readonly cookie: string,
  ) {}

  /** Opens an Engine.IO session and connects to the main namespace. */
  async connect(): Promise<void> {
    const opened = await this.handshake();
    if (opened.status !== 200) throw new Error(`handshake answered ${opened.status}: ${opened.body}`);
    await this.send('40');
    const packets = await this.poll();
    if (!packets.some((packet) => packet.startsWith('40'))) throw new Error(`not connected: ${packets.join(' | ')}`);
  }

  /** A fresh Engine.IO handshake on the same connection (what a reconnecting page sends first). */
  async handshake(): Promise<{ status: number; body: string }> {
    const response = await this.request('GET', '');
    if (response.status === 200) this.sid = (JSON.parse(response.body.slice(1)) as { sid: string }).sid;
    return response;
  }

  /** One long-poll: resolves with the packets the server sends next. */
  async poll(): Promise<string[]> {
    const response = await this.request('GET', `&sid=${this.sid}`);
    return response.body.split('\x1e');
  }

  async send(packet: string): Promise<void> {
    const response = await this.request('POST', `&sid=${this.sid}`, packet);
    if (response.body !== 'ok') throw new Error(`POST answered ${response.status}: ${response.body}`);
  }

  close(): void {
    this.agent.destroy();
  }

  private request(method: string, query: string, body?: string): Promise<{ status: number; body: string }> {
    const url = `${this.url}/socket.io/?EIO=4&transport=polling${query}`;
    const headers = { cookie: this.cookie, origin: this.url, 'content-type': 'text/plain;charset=UTF-8' };
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method, agent: this.agent, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}

describe('Stopping the server while a page reconnects', function () {
  this.timeout(20_000);
  let app: TestApp;
  let client: PollingClient | undefined;

  beforeEach(async () => {
    app = await createTestApp();
  });

  afterEach(async () => {
    client?.close();
    await app.stop().catch(() => undefined);
  });

  it('refuses a handshake sent through a kept-alive connection while stopping, and finishes stopping', async () => {
    const { cookie } = await signUp(app.url);
    const polling = new PollingClient(app.url, cookie);
    client = polling;
    await polling.connect();

    // Hold the presence hand-over, so that the reconnect lands while the server is stopping.
    const leave = app.engine.leave.bind(app.engine);
    let releaseLeave!: () => void;
    const leaving = new Promise<void>((resolve) => (releaseLeave = resolve));
    app.engine.leave = async () => {
      await leaving;
      await leave();
    };

    // A long-poll is in flight when the server stops listening: its connection stays open.
    const pending = polling.poll();
    let stopped = false;
    const stopping = app.stop().then(() => (stopped = true));
    // The server ends that socket: the poll is answered with the transport's close or cut.
    const ended = await pending.then(
      (packets) => packets.join(' '),
      (error: Error) => error.message,
    );
    // The Engine.IO close packet (`1`), never a Socket.IO disconnect (`41`, "do not reconnect").
    expect(ended).to.match(/^1$|socket hang up/);

    const again = await polling.handshake().catch((error: NodeJS.ErrnoException) => ({ status: 0, body: error.code ?? '' }));
    expect(again.status, `a handshake during shutdown answered ${again.status} ${again.body}`).to.not.equal(200);

    releaseLeave();
    // Without the fix the server kept a new session alive and never finished stopping.
    await Promise.race([stopping, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    expect(stopped, 'the server finished stopping').to.equal(true);
  });
});
