/**
 * What the Engine asks of the SQL database per event, counted with a Kysely plugin that sees every
 * statement: an `everyone` message costs the same few queries with 600 members as with 3 (nothing
 * is written or read per member: unread counts are derived from read positions), and a `markRead`
 * reads its channel's summary once, however many tabs and receipts it feeds.
 */
import { expect } from 'chai';
import type { KyselyPlugin } from 'kysely';
import { Engine } from '../../src/chat/engine';
import type { Actor, ChatEvent } from '../../src/chat/events';
import type { Message } from '../../src/shared';
import { MemoryPresenceStore } from '../../src/store/memory/presence-store';
import { MemoryTypingStore } from '../../src/store/memory/typing-store';
import { SqlChannelStore } from '../../src/store/sql/channel-store';
import { SqlMessageStore } from '../../src/store/sql/message-store';
import { SqlUserStore } from '../../src/store/sql/user-store';
import { uniqueName } from './contract';
import { forEachSqlDatabase, type OpenedSql } from './support';

function counter() {
  const counted = { queries: 0 };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      counted.queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { counted, plugin };
}

function describeEngineQueries(name: string, open: () => Promise<OpenedSql>) {
  describe(`Engine queries per event: ${name}`, () => {
    let opened: OpenedSql;
    let engine: Engine;
    let userStore: SqlUserStore;
    let events: ChatEvent[];
    const { counted, plugin } = counter();

    before(async () => {
      opened = await open();
      const { db, dialect } = opened.sql.database;
      const counting = db.withPlugin(plugin);
      userStore = new SqlUserStore(counting);
      engine = new Engine({
        users: userStore,
        channels: new SqlChannelStore(counting),
        messages: new SqlMessageStore(counting, dialect),
        presence: new MemoryPresenceStore(),
        typing: new MemoryTypingStore(),
      });
      events = [];
      engine.subscribe((event) => events.push(event));
    });
    after(async () => {
      await engine.close();
      await opened.close();
    });

    async function actor(base: string): Promise<Actor> {
      const record = await opened.sql.users.create({ username: uniqueName(base), passwordHash: 'h', now: Date.now() });
      return { id: record.id, username: record.username };
    }

    /** Members of `everyone` in bulk, as a large site has them. */
    async function addMembers(count: number): Promise<void> {
      const { db } = opened.sql.database;
      const everyone = await db.selectFrom('channels').select('id').where('kind', '=', 'everyone').executeTakeFirstOrThrow();
      const prefix = uniqueName('m');
      const now = Date.now();
      const rows = Array.from({ length: count }, (_, i) => ({
        username: `${prefix}${i}`,
        username_key: `${prefix}${i}`.toLowerCase(),
        password_hash: 'h',
        created_at: now,
      }));
      await db.insertInto('users').values(rows).execute();
      const ids = await db
        .selectFrom('users')
        .select('id')
        .where(
          'username_key',
          'in',
          rows.map((row) => row.username_key),
        )
        .execute();
      await db
        .insertInto('channel_members')
        .values(ids.map(({ id }) => ({ channel_id: Number(everyone.id), user_id: Number(id), last_read_id: 0, joined_at: now })))
        .execute();
    }

    async function queriesOf(work: () => Promise<unknown>): Promise<number> {
      counted.queries = 0;
      await work();
      return counted.queries;
    }

    /** Until no query ran for 50 ms: work nobody awaits (announcements) is done. */
    async function settled(): Promise<void> {
      do {
        counted.queries = 0;
        await new Promise((resolve) => setTimeout(resolve, 50));
      } while (counted.queries > 0);
    }

    // First: the next test makes the site large (600 members).
    it('reads the user list once per round when 30 sockets of a small site connect together, not once per socket', async () => {
      const people = await Promise.all(Array.from({ length: 30 }, (_, i) => actor(`storm${i}`)));
      let lists = 0;
      const list = userStore.list.bind(userStore);
      userStore.list = (limit) => {
        lists++;
        return list(limit);
      };
      try {
        const connected = await Promise.all(people.map((person, i) => engine.connect(person, `storm-${i}`)));
        // The first connect's read, and one for all who asked while it ran (31 reads before).
        expect(lists).to.be.at.most(2);
        for (const { users } of connected)
          expect(users.map((user) => user.username)).to.include.members(people.map((p) => p.username));
      } finally {
        userStore.list = list;
      }
    });

    it('stores and reports an everyone message in as many queries with 600 members as with 3, one event for all', async () => {
      const alice = await actor('ea');
      await actor('eb');
      await engine.sendMessage(alice, { to: null, text: 'warm the caches' });
      const few = await queriesOf(() => engine.sendMessage(alice, { to: null, text: 'to a few' }));
      await addMembers(600);
      events.length = 0;
      const many = await queriesOf(() => engine.sendMessage(alice, { to: null, text: 'to many' }));
      expect(many).to.equal(few);
      // The batch's INSERT, reading it back with its sender's name, the sender's read position.
      expect(many).to.be.at.most(4);
      expect(events.filter((event) => event.type === 'message')).to.have.length(1);
      expect(events.filter((event) => event.type !== 'message')).to.deep.equal([]);
    });

    it('marks a direct channel read with one channel summary for the tabs and the receipt', async () => {
      const alice = await actor('ra');
      const bob = await actor('rb');
      const sent: Message[] = [];
      for (const text of ['one', 'two', 'three']) sent.push(await engine.sendMessage(alice, { to: bob.username, text }));
      const channelId = sent[0]?.channelId ?? '';
      await engine.markRead(bob, channelId, sent[0]?.id ?? '');
      const summary = await queriesOf(() => engine.listChannels(bob));
      events.length = 0;
      const read = await queriesOf(() => engine.markRead(bob, channelId, sent[2]?.id ?? ''));
      // The channel's newest id, the position and its UPDATE, then one summary of the channel (a
      // list of one costs what the whole list does).
      expect(read).to.be.at.most(summary + 3);
      const update = events.find((event) => event.type === 'channelUpdate');
      expect(update?.type === 'channelUpdate' && update.channel).to.deep.include({ id: channelId, unread: 0 });
      const receipt = events.find((event) => event.type === 'readReceipt');
      expect(receipt?.type === 'readReceipt' && receipt).to.deep.include({
        userId: alice.id,
        receipt: { channelId, username: bob.username, messageId: sent[2]?.id },
      });
    });

    it('stores the reads of 50 members who read an everyone message together in the queries of one read', async () => {
      const sender = await actor('ws');
      const readers = await Promise.all(Array.from({ length: 50 }, () => actor('wr')));
      const first = await engine.sendMessage(sender, { to: null, text: 'before' });
      await engine.markRead(readers[0] ?? sender, first.channelId, first.id);
      const message = await engine.sendMessage(sender, { to: null, text: 'read by all' });
      const one = await queriesOf(() => engine.markRead(readers[0] ?? sender, message.channelId, message.id));
      events.length = 0;
      const all = await queriesOf(() =>
        Promise.all(readers.slice(1).map((reader) => engine.markRead(reader, message.channelId, message.id))),
      );
      expect(all).to.equal(one);
      const updates = events.filter((event) => event.type === 'channelUpdate');
      expect(updates.map((event) => event.type === 'channelUpdate' && event.userId)).to.have.members(
        readers.slice(1).map((reader) => reader.id),
      );
      expect(updates.every((event) => event.type === 'channelUpdate' && event.channel.unread === 0)).to.equal(true);
    });

    it('stores the reads of 20 direct channels together in the queries of one read, not one UPDATE per channel', async () => {
      const pairs = await Promise.all(
        Array.from({ length: 20 }, async () => ({ sender: await actor('ds'), reader: await actor('dr') })),
      );
      const sent = await Promise.all(
        pairs.map(({ sender, reader }) => engine.sendMessage(sender, { to: reader.username, text: 'to you' })),
      );
      const readOf = (index: number) => {
        const { reader } = pairs[index]!; // index < pairs.length
        return engine.markRead(reader, sent[index]!.channelId, sent[index]!.id);
      };
      await settled(); // the channels' first messages announce them in the background
      const one = await queriesOf(() => readOf(0));
      events.length = 0;
      const all = await queriesOf(() => Promise.all(pairs.slice(1).map((_, index) => readOf(index + 1))));
      // 23 queries before, 4 after: one UPDATE per channel was 19 more statements.
      expect(all).to.be.at.most(one);
      const receipts = events.filter((event) => event.type === 'readReceipt');
      expect(receipts.map((event) => event.type === 'readReceipt' && event.userId)).to.have.members(
        pairs.slice(1).map(({ sender }) => sender.id),
      );
    });

    it('checks the membership of 20 readers of a room message in one query with their reads', async () => {
      const owner = await actor('ro');
      const readers = await Promise.all(Array.from({ length: 20 }, () => actor('rr')));
      const room = await engine.rooms.create(owner, { name: uniqueName('reads'), members: readers.map((r) => r.username) });
      const message = await engine.sendMessage(owner, { channelId: room.id, text: 'for the room' });
      await settled();
      const one = await queriesOf(() => engine.markRead(readers[0]!, room.id, message.id)); // 20 readers
      const all = await queriesOf(() =>
        Promise.all(readers.slice(1).map((reader) => engine.markRead(reader, room.id, message.id))),
      );
      // 19 membership checks more before.
      expect(all).to.be.at.most(one);
    });
  });
}

forEachSqlDatabase(describeEngineQueries);
