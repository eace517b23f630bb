/**
 * The AttachmentStore contract on every implementation (memory and SQLite always, MySQL when
 * MYSQL_URL is set): an upload is found only once finished, its pieces read back in order, discard
 * removes it whole, and the sweep removes only old uploads never posted. Posting (binding to a
 * message) is the SQL message store's and is tested through the Engine in test/realtime.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { AttachmentStore, UserStore } from '../../src/chat/ports';
import { MemoryAttachmentStore } from '../../src/store/memory/attachment-store';
import { createMemoryStores } from '../../src/store/memory';
import { uniqueName } from './contract/fixture';
import { MYSQL_URL, openScratchMysqlStores, openStores, temporaryDir } from './support';

type Opened = { attachments: AttachmentStore; users: UserStore; close(): Promise<void> };

function describeAttachmentStore(name: string, open: () => Promise<Opened>): void {
  describe(`AttachmentStore: ${name}`, function () {
    this.timeout(20_000);
    let stores: Opened;
    let uploaderId: string;
    before(async () => {
      stores = await open();
      uploaderId = (await stores.users.create({ username: uniqueName('up'), passwordHash: 'x', now: Date.now() })).id;
    });
    after(() => stores?.close());

    const newId = () => randomBytes(16).toString('base64url');

    it('finds an upload only once finished, and reads its pieces back in order', async () => {
      const id = newId();
      const [first, second] = [randomBytes(1000), randomBytes(10)];
      await stores.attachments.begin({ id, uploaderId, name: 'a.bin', createdAt: Date.now() });
      await stores.attachments.appendChunk(id, 0, first);
      await stores.attachments.appendChunk(id, 1, second);
      expect(await stores.attachments.findMany([id])).to.deep.equal([]);
      await stores.attachments.finish(id, { type: 'image/png', size: 1010 });
      const [found] = await stores.attachments.findMany([id, 'unknown']);
      expect(found).to.include({
        id,
        name: 'a.bin',
        type: 'image/png',
        size: 1010,
        uploaderId,
        messageId: null,
        channelId: null,
      });
      expect(Buffer.from((await stores.attachments.readChunk(id, 0)) ?? [])).to.deep.equal(first);
      expect(Buffer.from((await stores.attachments.readChunk(id, 1)) ?? [])).to.deep.equal(second);
      expect(await stores.attachments.readChunk(id, 2)).to.equal(undefined);
    });

    it('discards an upload whole, finished or not', async () => {
      const id = newId();
      await stores.attachments.begin({ id, uploaderId, name: 'b', createdAt: Date.now() });
      await stores.attachments.appendChunk(id, 0, randomBytes(5));
      await stores.attachments.finish(id, { type: 'application/octet-stream', size: 5 });
      await stores.attachments.discard(id);
      expect(await stores.attachments.findMany([id])).to.deep.equal([]);
      expect(await stores.attachments.readChunk(id, 0)).to.equal(undefined);
    });

    it('sweeps only uploads never posted that began before the cut-off', async () => {
      const [old, fresh] = [newId(), newId()];
      const now = Date.now();
      for (const [id, createdAt] of [
        [old, now - 100_000],
        [fresh, now],
      ] as const) {
        await stores.attachments.begin({ id, uploaderId, name: 'c', createdAt });
        await stores.attachments.finish(id, { type: 'application/octet-stream', size: 0 });
      }
      expect(await stores.attachments.removeUnposted(now - 50_000)).to.be.at.least(1);
      expect((await stores.attachments.findMany([old, fresh])).map((a) => a.id)).to.deep.equal([fresh]);
    });
  });
}

describeAttachmentStore('memory', async () => {
  const memory = createMemoryStores();
  return { attachments: new MemoryAttachmentStore(), users: memory.users, close: async () => undefined };
});

describeAttachmentStore('SQLite', async () => {
  const folder = temporaryDir();
  const stores = await openStores({ dataDir: folder.dir });
  return {
    ...stores,
    async close() {
      await stores.close();
      folder.remove();
    },
  };
});

if (MYSQL_URL) {
  const baseUrl = MYSQL_URL;
  describeAttachmentStore('MySQL', () => openScratchMysqlStores(baseUrl));
}
