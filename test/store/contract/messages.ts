/** MessageStore contract: keyset pages, batch order, clientId dedupe, read positions, unicode. */
import { expect } from 'chai';
import type { HistoryPage } from '../../../src/chat/records';
import { uniqueName, type ChatStores, type Helpers } from './fixture';

const texts = (page: HistoryPage) => page.messages.map((message) => message.text);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `x${from + i}`);
const plus = (id: string | undefined, delta: number) => String(BigInt(id ?? '0') + BigInt(delta));

export function messageContract(stores: () => ChatStores, helpers: Helpers): void {
  describe('MessageStore', () => {
    async function room(ownerId: string, memberIds: string[] = []) {
      return stores().channels.createRoom({
        name: uniqueName('msgs'),
        isPrivate: true,
        createdBy: ownerId,
        memberIds,
        now: Date.now(),
      });
    }

    describe('page', () => {
      let xIds: string[];
      let channelId: string;
      const page = (cursor: { before?: string; after?: string }, limit = 10) => stores().messages.page(channelId, cursor, limit);

      before(async () => {
        const user = await helpers.newUser();
        const [x, y] = [await room(user.id), await room(user.id)];
        channelId = x.id;
        xIds = [];
        // Interleaved with another channel, so this channel's ids have gaps a cursor can point into.
        for (let i = 1; i <= 25; i++) {
          const stored = await stores().messages.appendBatch([
            helpers.draft(x.id, user.id, `x${i}`),
            helpers.draft(y.id, user.id, `y${i}`),
          ]);
          xIds.push(stored[0]?.message.id ?? '');
        }
      });

      it('pages 25 messages back from the latest as 10, 10, 5, oldest first, with hasMore', async () => {
        const latest = await page({});
        expect(texts(latest)).to.deep.equal(range(16, 25));
        expect(latest.hasMore).to.equal(true);
        const older = await page({ before: latest.messages[0]?.id });
        expect(texts(older)).to.deep.equal(range(6, 15));
        expect(older.hasMore).to.equal(true);
        const oldest = await page({ before: older.messages[0]?.id });
        expect(texts(oldest)).to.deep.equal(range(1, 5));
        expect(oldest.hasMore).to.equal(false);
        expect(oldest.messages.map((m) => m.id)).to.deep.equal(xIds.slice(0, 5));
      });

      it('pages forward with after as 10, 10, 5, hasMore telling whether newer ones exist', async () => {
        const first = await page({ after: '0' });
        expect(texts(first)).to.deep.equal(range(1, 10));
        expect(first.hasMore).to.equal(true);
        const second = await page({ after: first.messages.at(-1)?.id });
        expect(texts(second)).to.deep.equal(range(11, 20));
        expect(second.hasMore).to.equal(true);
        const third = await page({ after: second.messages.at(-1)?.id });
        expect(texts(third)).to.deep.equal(range(21, 25));
        expect(third.hasMore).to.equal(false);
        expect(await page({ after: xIds[24] })).to.deep.equal({ messages: [], hasMore: false });
      });

      it('takes cursors that are positions, not necessarily ids of this channel', async () => {
        const between = plus(xIds[15], -1); // after x15, before x16: another channel's id
        expect(xIds).to.not.include(between);
        expect(texts(await page({ before: between }))).to.deep.equal(range(6, 15));
        expect(texts(await page({ after: plus(xIds[9], 1) }))).to.deep.equal(range(11, 20));
        expect(texts(await page({ before: '99999999999999999' }))).to.deep.equal(range(16, 25));
        expect(await page({ after: '99999999999999999' })).to.deep.equal({ messages: [], hasMore: false });
        expect(await page({ before: '0' })).to.deep.equal({ messages: [], hasMore: false });
        expect(await page({ before: xIds[0] })).to.deep.equal({ messages: [], hasMore: false });
      });

      it('honours limits from 1 to 50 and is exact at the edge', async () => {
        expect(texts(await page({}, 1))).to.deep.equal(['x25']);
        const all = await page({}, 50);
        expect(texts(all)).to.deep.equal(range(1, 25));
        expect(all.hasMore).to.equal(false);
        const exact = await page({ before: xIds[5] }, 5);
        expect(texts(exact)).to.deep.equal(range(1, 5));
        expect(exact.hasMore).to.equal(false);
        const exactAfter = await page({ after: xIds[14] });
        expect(texts(exactAfter)).to.deep.equal(range(16, 25));
        expect(exactAfter.hasMore).to.equal(false);
        const exactLatest = await page({}, 25);
        expect(exactLatest.messages).to.have.length(25);
        expect(exactLatest.hasMore).to.equal(false);
        const messages = all.messages;
        expect(messages.every((m, i) => i === 0 || BigInt(m.id) > BigInt(messages[i - 1]?.id ?? 0))).to.equal(true);
      });

      it('tells whether a message older than a position exists, in this channel only', async () => {
        const has = (channel: string, id: string) => stores().messages.hasEarlier(channel, id);
        expect(await has(channelId, xIds[0] ?? '')).to.equal(false);
        expect(await has(channelId, plus(xIds[0], 1))).to.equal(true);
        expect(await has(channelId, xIds[24] ?? '')).to.equal(true);
        expect(await has('abc', '100')).to.equal(false);
      });

      it('answers an empty page for an unknown or malformed channel', async () => {
        for (const id of ['abc', '999999999999', '0']) {
          expect(await stores().messages.page(id, {}, 10), id).to.deep.equal({ messages: [], hasMore: false });
        }
      });
    });

    describe('appendBatch', () => {
      it('stores a batch in draft order across channels, ids increasing, with sender names', async () => {
        const [a, b] = [await helpers.newUser('Ann'), await helpers.newUser()];
        const [one, two] = [await room(a.id, [b.id]), await room(a.id, [b.id])];
        const drafts = [
          helpers.draft(one.id, a.id, 'one-1'),
          helpers.draft(two.id, b.id, 'two-1'),
          helpers.draft(one.id, b.id, 'one-2'),
          helpers.draft(one.id, a.id, 'one-3', 'cid-1'),
          helpers.draft(two.id, a.id, 'two-2'),
        ];
        const stored = await stores().messages.appendBatch(drafts);
        expect(stored.map((s) => s.created)).to.deep.equal([true, true, true, true, true]);
        expect(stored.map((s) => s.message.text)).to.deep.equal(drafts.map((d) => d.text));
        expect(stored.map((s) => s.message.senderName)).to.deep.equal([
          a.username,
          b.username,
          b.username,
          a.username,
          a.username,
        ]);
        expect(stored[3]?.message).to.deep.include({
          channelId: one.id,
          senderId: a.id,
          clientId: 'cid-1',
          createdAt: drafts[3]?.createdAt,
        });
        const ids = stored.map((s) => BigInt(s.message.id));
        expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0n))).to.equal(true);
        expect((await stores().messages.page(one.id, {}, 10)).messages).to.deep.equal(
          [stored[0], stored[2], stored[3]].map((s) => s?.message),
        );
        expect(await stores().messages.appendBatch([])).to.deep.equal([]);
      });

      it('stores one message per (channel, sender, clientId) across batches and answers the stored one', async () => {
        const [a, b] = [await helpers.newUser(), await helpers.newUser()];
        const [one, two] = [await room(a.id, [b.id]), await room(a.id, [b.id])];
        const [first] = await stores().messages.appendBatch([helpers.draft(one.id, a.id, 'original', 'same')]);
        const again = await stores().messages.appendBatch([
          helpers.draft(one.id, a.id, 'retry', 'same'),
          helpers.draft(one.id, b.id, 'other sender', 'same'),
          helpers.draft(two.id, a.id, 'other channel', 'same'),
        ]);
        expect(again[0]).to.deep.equal({ message: first?.message, created: false });
        expect(again.slice(1).map((s) => s.created)).to.deep.equal([true, true]);
        expect(texts(await stores().messages.page(one.id, {}, 10))).to.deep.equal(['original', 'other sender']);
      });

      it('finds a message by (channel, sender, clientId) as it is now, and nothing for another key', async () => {
        const [a, b] = [await helpers.newUser(), await helpers.newUser()];
        const [one, two] = [await room(a.id, [b.id]), await room(a.id, [b.id])];
        const [stored] = await stores().messages.appendBatch([helpers.draft(one.id, a.id, 'kept', 'key')]);
        const id = stored?.message.id ?? '';
        await stores().messages.writeBatch([
          { kind: 'action', action: { kind: 'remove', channelId: one.id, messageId: id, actorId: a.id } },
        ]);
        const found = await stores().messages.findByClientId(one.id, a.id, 'key');
        expect(found).to.deep.equal(await stores().messages.find(one.id, id));
        expect(found).to.deep.include({ id, deleted: true, clientId: 'key' });
        expect(await stores().messages.findByClientId(one.id, b.id, 'key')).to.equal(undefined);
        expect(await stores().messages.findByClientId(two.id, a.id, 'key')).to.equal(undefined);
        expect(await stores().messages.findByClientId(one.id, a.id, 'other')).to.equal(undefined);
        expect(await stores().messages.findByClientId('nope', a.id, 'key')).to.equal(undefined);
      });

      it('stores a clientId repeated within one batch once, answering the same message', async () => {
        const a = await helpers.newUser();
        const channel = await room(a.id);
        const [earlier] = await stores().messages.appendBatch([helpers.draft(channel.id, a.id, 'earlier', 'old')]);
        const stored = await stores().messages.appendBatch([
          helpers.draft(channel.id, a.id, 'first', 'dup'),
          helpers.draft(channel.id, a.id, 'second', 'dup'),
          helpers.draft(channel.id, a.id, 'plain'),
          helpers.draft(channel.id, a.id, 'old again', 'old'),
          helpers.draft(channel.id, a.id, 'third', 'dup'),
        ]);
        expect(stored.map((s) => s.created)).to.deep.equal([true, false, true, false, false]);
        expect(stored.map((s) => s.message.text)).to.deep.equal(['first', 'first', 'plain', 'earlier', 'first']);
        expect(stored[3]?.message).to.deep.equal(earlier?.message);
        expect(new Set([stored[0], stored[1], stored[4]].map((s) => s?.message.id)).size).to.equal(1);
        expect(texts(await stores().messages.page(channel.id, {}, 10))).to.deep.equal(['earlier', 'first', 'plain']);
      });

      it('keeps every message of concurrent batches, each batch in order', async () => {
        const a = await helpers.newUser();
        const channel = await room(a.id);
        const batches = await Promise.all(
          Array.from({ length: 10 }, (_, b) =>
            stores().messages.appendBatch(Array.from({ length: 5 }, (_, i) => helpers.draft(channel.id, a.id, `b${b}-${i}`))),
          ),
        );
        for (const batch of batches) {
          const ids = batch.map((s) => BigInt(s.message.id));
          expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] ?? 0n))).to.equal(true);
        }
        const page = await stores().messages.page(channel.id, {}, 50);
        expect(page.messages).to.have.length(50);
        expect(new Set(page.messages.map((m) => m.id)).size).to.equal(50);
      });

      it('stores one message when concurrent batches carry the same clientId', async () => {
        const a = await helpers.newUser();
        const channel = await room(a.id);
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            stores().messages.appendBatch([helpers.draft(channel.id, a.id, `try ${i}`, 'racy')]),
          ),
        );
        const flat = results.flat();
        expect(flat.filter((s) => s.created)).to.have.length(1);
        expect(new Set(flat.map((s) => s.message.id)).size).to.equal(1);
        expect((await stores().messages.page(channel.id, {}, 10)).messages).to.have.length(1);
      });

      it("moves the sender's read position to their newest created message, never back", async () => {
        const [a, b] = [await helpers.newUser(), await helpers.newUser()];
        const channel = await room(a.id, [b.id]);
        const position = async (userId: string) => (await stores().channels.summaryFor(channel.id, userId))?.lastReadId;
        const stored = await stores().messages.appendBatch([
          helpers.draft(channel.id, a.id, 'a1', 'k1'),
          helpers.draft(channel.id, b.id, 'b1'),
          helpers.draft(channel.id, a.id, 'a2'),
        ]);
        expect(await position(a.id)).to.equal(stored[2]?.message.id);
        expect(await position(b.id)).to.equal(stored[1]?.message.id);
        expect((await stores().channels.summaryFor(channel.id, b.id))?.unread).to.equal(1);
        // A retry of an older message changes nothing.
        await stores().messages.appendBatch([helpers.draft(channel.id, a.id, 'a1 again', 'k1')]);
        expect(await position(a.id)).to.equal(stored[2]?.message.id);
      });

      it('round-trips emoji and other unicode exactly, up to 4000 code points', async () => {
        const a = await helpers.newUser();
        const channel = await room(a.id);
        const samples = [
          '😀 👩‍👩‍👧‍👦 🇫🇷 🏳️‍🌈',
          'Ünïcödé ß 漢字 עברית العربية',
          '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{10FFFF}',
          '🐙'.repeat(4000),
          "'; drop table users; --",
        ];
        const stored = await stores().messages.appendBatch(
          samples.map((text, i) => helpers.draft(channel.id, a.id, text, `emoji-${i}-🔑`)),
        );
        expect(stored.map((s) => s.message.text)).to.deep.equal(samples);
        const page = await stores().messages.page(channel.id, {}, 10);
        expect(texts(page)).to.deep.equal(samples);
        expect(page.messages.map((m) => m.clientId)).to.deep.equal(samples.map((_, i) => `emoji-${i}-🔑`));
        const again = await stores().messages.appendBatch([helpers.draft(channel.id, a.id, 'dup', 'emoji-0-🔑')]);
        expect(again[0]?.created).to.equal(false);
      });
    });
  });
}
