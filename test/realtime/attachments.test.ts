/**
 * chatMessage with attachments over real sockets: the ack and every member's copy carry them in the
 * order given, text may be empty, history and lastMessage carry them, and the rules that refuse
 * (unknown, someone else's, already posted, too many, repeated). Posting hands the files to the
 * channel's members (a leaver loses them); deleting the message removes them. Runs on SQLite, or on
 * MySQL + Redis when their URLs are set.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Channel, Message } from '../../src/shared';
import { signUp, uniqueName, type SignedIn } from '../support/http';
import { connectAs, ok, request, waitFor, type ClientSocket } from '../support/sockets';
import { createTestApp, type TestApp } from '../support/test-app';
import { PNG_1X1, uploaded } from '../support/uploads';

const codeOf = (response: { ok: boolean; error?: { code: string } }) => (response.ok ? 'ok' : response.error?.code);

describe('chatMessage with attachments', function () {
  this.timeout(30_000);
  let app: TestApp;
  const open: ClientSocket[] = [];

  before(async () => {
    app = await createTestApp({ env: { UPLOAD_MAX_PER_MINUTE: '1000' } });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  after(() => app?.stop());

  async function user(base = 'user'): Promise<SignedIn & { socket: ClientSocket }> {
    const signed = await signUp(app.url, { username: uniqueName(base) });
    const socket = await connectAs(app.url, signed.cookie);
    open.push(socket);
    return { ...signed, socket };
  }
  const room = async (owner: ClientSocket, members: string[]) =>
    (await ok<{ channel: Channel }>(owner, 'createRoom', { name: uniqueName('room'), private: true, members })).channel;
  const send = async (socket: ClientSocket, payload: Record<string, unknown>) =>
    (await ok<{ message: Message }>(socket, 'chatMessage', payload)).message;

  it('posts the uploads in the order given, with empty text; the ack and every member carry them', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const channel = await room(alice.socket, [bob.username]);
    const first = await uploaded(alice, PNG_1X1, 'one.png');
    const second = await uploaded(alice, Buffer.from('plain text'), 'two.txt');
    const heard = waitFor(bob.socket, 'chatMessage', (m) => m.channelId === channel.id);
    const message = await send(alice.socket, { channelId: channel.id, text: '', attachments: [second.id, first.id] });
    expect(message.text).to.equal('');
    expect(message.attachments).to.deep.equal([second, first]);
    expect((await heard).attachments).to.deep.equal([second, first]);

    const history = await ok<{ messages: Message[] }>(bob.socket, 'chatHistory', { channelId: channel.id });
    expect(history.messages.at(-1)?.attachments).to.deep.equal([second, first]);
    const { channels } = await ok<{ channels: Channel[] }>(bob.socket, 'channels');
    expect(channels.find((c) => c.id === channel.id)?.lastMessage?.attachments).to.deep.equal([second, first]);
  });

  it('sends text with attachments in a direct conversation too (the `to` form)', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const file = await uploaded(alice, PNG_1X1, 'dot.png');
    const message = await send(alice.socket, { to: bob.username, text: 'look', attachments: [file.id] });
    expect(message.attachments).to.deep.equal([file]);
    expect((await bob.agent.get(file.url)).status).to.equal(200);
  });

  it('refuses unknown, someone else’s, already posted, repeated, too many, and empty text without any', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const channel = await room(alice.socket, [bob.username]);
    const mine = await uploaded(alice, PNG_1X1, 'a.png');
    const bobs = await uploaded(bob, PNG_1X1, 'b.png');
    const attempt = async (payload: Record<string, unknown>) =>
      codeOf(await request(alice.socket, 'chatMessage', { channelId: channel.id, text: 'x', ...payload }));
    expect(await attempt({ attachments: ['A'.repeat(22)] })).to.equal('invalid');
    expect(await attempt({ attachments: [bobs.id] })).to.equal('invalid');
    expect(await attempt({ attachments: [mine.id, mine.id] })).to.equal('invalid');
    expect(await attempt({ attachments: [] })).to.equal('invalid');
    expect(await attempt({ attachments: Array.from({ length: 11 }, () => mine.id) })).to.equal('invalid');
    expect(await attempt({ attachments: ['../x'] })).to.equal('invalid');
    expect(await attempt({ text: '', attachments: undefined })).to.equal('invalid');
    expect(await attempt({ text: '   ' })).to.equal('invalid');
    // Nothing above posted it: it still can be, once.
    expect(await attempt({ attachments: [mine.id] })).to.equal('ok');
    expect(await attempt({ attachments: [mine.id] })).to.equal('invalid');
    // A new message (its own clientId, as the page always sends one) cannot take it either.
    expect(await attempt({ clientId: 'another', attachments: [mine.id] })).to.equal('invalid');
    // A refused message stores nothing and leaves its other attachments unposted.
    const spare = await uploaded(alice, PNG_1X1, 'c.png');
    expect(await attempt({ attachments: [spare.id, mine.id] })).to.equal('invalid');
    expect(await attempt({ attachments: [spare.id] })).to.equal('ok');
  });

  it('posts an upload once when two messages name it at the same instant (one ok, one invalid)', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const channel = await room(alice.socket, [bob.username]);
    const file = await uploaded(alice, PNG_1X1, 'race.png');
    const aliceTab = await connectAs(app.url, alice.cookie);
    open.push(aliceTab);
    const answers = await Promise.all(
      [alice.socket, aliceTab, alice.socket].map((socket) =>
        request(socket, 'chatMessage', { channelId: channel.id, text: 'mine', attachments: [file.id] }),
      ),
    );
    expect(answers.map(codeOf).sort()).to.deep.equal(['invalid', 'invalid', 'ok']);
    const history = await ok<{ messages: Message[] }>(bob.socket, 'chatHistory', { channelId: channel.id });
    expect(history.messages.filter((m) => m.text === 'mine')).to.have.length(1);
  });

  it('a retry with the same clientId answers the message stored the first time', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const channel = await room(alice.socket, [bob.username]);
    const file = await uploaded(alice, PNG_1X1, 'a.png');
    const payload = { channelId: channel.id, text: '', clientId: 'retry-1', attachments: [file.id] };
    const first = await send(alice.socket, payload);
    const again = await send(alice.socket, payload);
    expect(again.id).to.equal(first.id);
    expect(again.attachments).to.deep.equal([file]);
  });

  it('serves a posted file to the channel’s current members only: a leaver loses it, others never had it', async () => {
    const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
    const channel = await room(alice.socket, [bob.username]);
    const file = await uploaded(alice, randomBytes(1000), 'notes.bin');
    expect((await bob.agent.get(file.url)).status).to.equal(404);
    await send(alice.socket, { channelId: channel.id, text: 'notes', attachments: [file.id] });
    expect((await bob.agent.get(file.url)).status).to.equal(200);
    expect((await alice.agent.get(file.url)).status).to.equal(200);
    expect((await carol.agent.get(file.url)).status).to.equal(404);
    await ok(bob.socket, 'leaveRoom', { channelId: channel.id });
    expect((await bob.agent.get(file.url)).status).to.equal(404);
  });

  it('files posted to everyone are served to every user', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const file = await uploaded(alice, PNG_1X1, 'all.png');
    await send(alice.socket, { to: null, text: '', attachments: [file.id] });
    expect((await bob.agent.get(file.url)).status).to.equal(200);
  });

  it('deleting the message removes its files: the tombstone has none and the url answers 404', async () => {
    const [alice, bob] = [await user('alice'), await user('bob')];
    const channel = await room(alice.socket, [bob.username]);
    const file = await uploaded(alice, PNG_1X1, 'gone.png');
    const message = await send(alice.socket, { channelId: channel.id, text: 'x', attachments: [file.id] });
    const updated = waitFor(bob.socket, 'messageUpdated', (m) => m.id === message.id);
    await ok(alice.socket, 'deleteMessage', { channelId: channel.id, messageId: message.id });
    const tombstone = await updated;
    expect(tombstone.deleted).to.equal(true);
    expect(tombstone).to.not.have.property('attachments');
    expect((await bob.agent.get(file.url)).status).to.equal(404);
    expect((await alice.agent.get(file.url)).status).to.equal(404);
    const history = await ok<{ messages: Message[] }>(bob.socket, 'chatHistory', { channelId: channel.id });
    expect(history.messages.find((m) => m.id === message.id)).to.not.have.property('attachments');
  });
});
