import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { guardSession } from '../../src/realtime/session-guard';
import type { ChatSocket } from '../../src/realtime/types';
import { signUp } from '../support/http';
import { connectAs, ok, sleep, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';

type SessionFields = { session?: unknown; sessionID?: unknown; sessionStore?: unknown };

describe('Sessions of open sockets', () => {
  let app: TestApp;
  before(async () => {
    app = await createTestApp();
  });
  after(() => app.stop());

  function serverSocketOf(username: string): ChatSocket {
    const found = [...app.realtime.io.of('/').sockets.values()].find((socket) => socket.data.username === username);
    if (!found) throw new Error(`no server socket for ${username}`);
    return found;
  }

  function destroySession(sessionId: string): Promise<void> {
    return new Promise((resolve, reject) =>
      app.stores.sessionStore.destroy(sessionId, (error) => (error ? reject(error) : resolve())),
    );
  }

  describe('handshake', () => {
    it('keeps no session on the request once the identity is read, and each socket still acts as its own user', async () => {
      for (const transports of [['polling', 'websocket'], ['websocket']] as const) {
        const [alice, bob] = [await signUp(app.url), await signUp(app.url)];
        const sockets: ClientSocket[] = [
          await connectAs(app.url, alice.cookie, { transports: [...transports] }),
          await connectAs(app.url, bob.cookie, { transports: [...transports] }),
        ];
        for (const name of [alice.username, bob.username]) {
          const request = serverSocketOf(name).request as IncomingMessage & SessionFields; // fields express-session sets
          expect(request.session, transports.join('+')).to.equal(undefined);
          expect(request.sessionStore).to.equal(undefined);
        }
        const [aliceUser, bobUser] = await Promise.all([
          ok<{ user: { username: string } }>(sockets[0] as ClientSocket, 'setNickname', { nickname: 'Alice A.' }),
          ok<{ user: { username: string } }>(sockets[1] as ClientSocket, 'setNickname', { nickname: 'Bob B.' }),
        ]);
        expect(aliceUser.user.username).to.equal(alice.username);
        expect(bobUser.user.username).to.equal(bob.username);
        for (const socket of sockets) socket.close();
      }
    });
  });

  describe('guardSession', () => {
    it('closes a socket whose session was destroyed elsewhere at the next re-check', async () => {
      const alice = await signUp(app.url);
      const socket = await connectAs(app.url, alice.cookie);
      const serverSocket = serverSocketOf(alice.username);
      guardSession(serverSocket, app.stores.sessionStore, 50);
      const closed = new Promise((resolve) => socket.once('disconnect', resolve));
      await destroySession(serverSocket.data.sessionId);
      await closed;
      expect(socket.connected).to.equal(false);
    });

    it('keeps a socket whose session is still valid, and its events still answer', async () => {
      const alice = await signUp(app.url);
      const socket = await connectAs(app.url, alice.cookie);
      guardSession(serverSocketOf(alice.username), app.stores.sessionStore, 50);
      await sleep(400); // several re-checks
      expect(socket.connected).to.equal(true);
      await ok(socket, 'channels');
      socket.close();
    });
  });
});
