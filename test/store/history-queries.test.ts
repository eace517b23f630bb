/**
 * A history page of 50 messages, every one with reactions, mentions and a reply, is one statement,
 * as is a page of one: details are read with the page, never per message; so are a channel's
 * summary and the whole channel list. Counted with a Kysely plugin that sees every statement the
 * stores run: a query per message (or per detail) sneaking in makes the counts grow.
 */
import { expect } from 'chai';
import type { KyselyPlugin } from 'kysely';
import { SqlChannelStore } from '../../src/store/sql/channel-store';
import { SqlMessageStore } from '../../src/store/sql/message-store';
import { uniqueName } from './contract';
import { react } from './contract/actions';
import { forEachSqlDatabase, type OpenedSql } from './support';

function counter() {
  const counted = { queries: 0 };
  const plugin: KyselyPlugin = {
    // Counted as results arrive: a query builder embedded in another is transformed, not run.
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      counted.queries++;
      return args.result;
    },
  };
  return { counted, plugin };
}

function describeQueryCount(name: string, open: () => Promise<OpenedSql>) {
  describe(`history page queries: ${name}`, () => {
    let opened: OpenedSql;
    before(async () => {
      opened = await open();
    });
    after(() => opened.close());

    it('loads a page of 50 detailed messages, and a channel list, in as many queries as a page of 1', async () => {
      const { sql } = opened;
      const [a, b] = await Promise.all(
        ['qa', 'qb'].map((base) => sql.users.create({ username: uniqueName(base), passwordHash: 'h', now: Date.now() })),
      );
      if (!a || !b) throw new Error('users not created');
      const channel = await sql.channels.createRoom({
        name: uniqueName('q'),
        isPrivate: true,
        createdBy: a.id,
        memberIds: [b.id],
        now: Date.now(),
      });
      let previous: string | null = null;
      for (let i = 0; i < 60; i++) {
        const [stored] = await sql.messages.appendBatch([
          {
            channelId: channel.id,
            senderId: i % 2 ? a.id : b.id,
            text: `m${i} @x`,
            clientId: null,
            createdAt: Date.now(),
            replyToId: previous,
            mentionIds: [a.id, b.id],
          },
        ]);
        if (!stored) throw new Error('not stored');
        previous = stored.message.id;
        await react(sql.messages, channel.id, stored.message.id, a, '👍');
        await react(sql.messages, channel.id, stored.message.id, b, '🎉');
      }

      const { counted, plugin } = counter();
      const db = sql.database.db.withPlugin(plugin);
      const messages = new SqlMessageStore(db, sql.database.dialect);
      const channels = new SqlChannelStore(db);

      const one = await messages.page(channel.id, {}, 1);
      const forOne = counted.queries;
      counted.queries = 0;
      const page = await messages.page(channel.id, {}, 50);
      expect(page.messages).to.have.length(50);
      expect(page.messages.every((m) => m.reactions?.length === 2 && m.mentions?.length === 2 && m.replyTo)).to.equal(true);
      expect(one.messages[0]?.replyTo?.id).to.equal(page.messages[48]?.id);
      expect(forOne).to.equal(1);
      // The page with its senders, quotes, reactions, mentions and attachments: one statement.
      expect(counted.queries).to.equal(1);

      counted.queries = 0;
      const found = await messages.find(channel.id, page.messages[10]?.id ?? '');
      expect(found).to.deep.equal(page.messages[10]);
      expect(counted.queries).to.equal(1);

      counted.queries = 0;
      const summaries = await channels.listForUser(a.id);
      expect(summaries.find((s) => s.channel.id === channel.id)?.lastMessage).to.deep.equal(page.messages[49]);
      // However many channels: the list with its counts, the last messages with their details, the
      // member names (each apart: joined in, MariaDB read them once per row).
      expect(counted.queries).to.equal(3);
      counted.queries = 0;
      const summary = await channels.summaryFor(channel.id, b.id);
      expect(summary?.memberNames).to.have.length(2);
      expect(summary?.lastMessage?.reactions).to.have.length(2);
      expect(counted.queries).to.equal(3);
    });
  });
}

forEachSqlDatabase(describeQueryCount);
