/**
 * Attachments across real server processes on one MySQL database and one Redis: a file uploaded
 * through one process is served by another (the bytes live in the database, never in a process),
 * and a message posting it reaches a member on the other process with its attachments.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import supertest from 'supertest';
import type { Channel, Message } from '../../src/shared';
import { logIn, signUp, uniqueName } from '../support/http';
import { connectAs, ok, waitFor, type ClientSocket } from '../support/sockets';
import { uploaded } from '../support/uploads';
import { Deployment, skipWithoutServices, type ServerProcess } from './support';

describe('Attachments across server processes', function () {
  this.timeout(60_000);
  const deployment = new Deployment();
  const sockets: ClientSocket[] = [];
  let a: ServerProcess;
  let b: ServerProcess;

  before(async function () {
    skipWithoutServices(this);
    [a, b] = await Promise.all([deployment.start('A'), deployment.start('B')]);
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await deployment.destroy();
  });

  it('serves through B what was uploaded through A, to the uploader and then to the members', async () => {
    const alice = await signUp(a.url, { username: uniqueName('alice') });
    const bob = await signUp(b.url, { username: uniqueName('bob') });
    const bytes = randomBytes(700 * 1024); // several stored pieces
    const file = await uploaded(alice, bytes, 'report.pdf');

    const aliceOnB = await logIn(b.url, alice);
    const mine = await aliceOnB.agent.get(file.url).buffer(true);
    expect(mine.status).to.equal(200);
    expect(mine.headers['content-length']).to.equal(String(bytes.length));
    const bobFirst = await supertest(b.url).get(file.url).set('Cookie', bob.cookie);
    expect(bobFirst.status).to.equal(404);

    const aliceOnA = await connectAs(a.url, alice.cookie);
    const bobOnB = await connectAs(b.url, bob.cookie);
    sockets.push(aliceOnA, bobOnB);
    const { channel } = await ok<{ channel: Channel }>(aliceOnA, 'chatHistory', { with: bob.username });
    const heard = waitFor(bobOnB, 'chatMessage', (m) => m.channelId === channel.id);
    await ok<{ message: Message }>(aliceOnA, 'chatMessage', { channelId: channel.id, text: '', attachments: [file.id] });
    expect((await heard).attachments).to.deep.equal([file]);

    const chunks: Buffer[] = [];
    const served = await supertest(b.url)
      .get(file.url)
      .set('Cookie', bob.cookie)
      .buffer(true)
      .parse((res, done) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(served.status).to.equal(200);
    expect(Buffer.compare(served.body as Buffer, bytes)).to.equal(0);
  });
});
