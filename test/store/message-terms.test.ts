/**
 * MySQL's word index (message_terms, migration 0007): the terms a text gives, the rows kept in
 * step with sends (by the indexer behind them, migration 0008), edits and deletes, search that
 * finds what is not indexed yet, and a search that reads a bounded number of index rows
 * however many messages match, counted with the server's own row counters (Handler_read_*), not timed.
 */
import { expect } from 'chai';
import { sql, type Kysely } from 'kysely';
import type { MessageWrite } from '../../src/chat/records';
import type { Stores } from '../../src/store';
import { openSqlDatabase, type SqlDatabase } from '../../src/store/sql/db';
import { searchMessages } from '../../src/store/sql/message-search';
import { TERM_LENGTHS, TERM_MAX_LENGTH, indexPending, lookupTerm, textTerms } from '../../src/store/sql/message-terms';
import type { Database } from '../../src/store/sql/schema';
import { searchWords } from '../../src/shared';
import { edit, remove } from './contract/actions';
import { MYSQL_URL, openStores, scratchMysqlUrl } from './support';

describe('message terms (MySQL search index)', () => {
  describe('textTerms', () => {
    it('gives the starts of 3, 5, 7 and TERM_MAX_LENGTH code points of each folded word, once', () => {
      expect(TERM_LENGTHS).to.deep.equal([3, 5, 7, TERM_MAX_LENGTH]);
      expect(textTerms('Deploy the DEPLOYS, ok?').sort()).to.deep.equal(['dep', 'deplo', 'deploys', 'the'].sort());
      expect(textTerms('Ärger_2 x')).to.deep.equal(['arg', 'arger', 'arger_2']);
      expect(textTerms('internationalization')).to.deep.equal(['int', 'inter', 'interna', 'internatio']);
      expect(textTerms('𝒳𝒳𝒳𝒳𝒳')).to.deep.equal(['𝒳𝒳𝒳', '𝒳𝒳𝒳𝒳𝒳']);
      expect(textTerms('')).to.deep.equal([]);
    });

    it('looks a search word up by its longest start of a stored length, and not at all when too short', () => {
      expect(lookupTerm('dep')).to.equal('dep');
      expect(lookupTerm('depl')).to.equal('dep');
      expect(lookupTerm('deploy')).to.equal('deplo');
      expect(lookupTerm('deployed')).to.equal('deploye');
      expect(lookupTerm('internationalization')).to.equal('internatio');
      expect(lookupTerm('ab')).to.equal(undefined);
    });

    it('stores 16 to 20 rows for a typical chat message, where every start of 3 to 10 took 28 to 32', () => {
      // The bench's seeded text (bench/lib/seed.ts), and a chat line.
      expect(textTerms('seeded message 123456 vmcaa: the quick brown fox jumps over the lazy dog')).to.have.length(20);
      expect(textTerms('sure, I can take a look at the deploy script after lunch tomorrow')).to.have.length(16);
    });
  });

  if (!MYSQL_URL) return;
  const baseUrl = MYSQL_URL;

  describe('on MySQL', () => {
    let stores: Stores;
    let database: SqlDatabase;
    let dropScratch: () => Promise<void>;

    before(async function () {
      this.timeout(60_000);
      const scratch = await scratchMysqlUrl(baseUrl);
      dropScratch = scratch.drop;
      stores = await openStores({ mysqlUrl: scratch.url });
      database = openSqlDatabase({ mysqlUrl: scratch.url, dataDir: ':memory:' });
    });
    after(async () => {
      await database?.close();
      await stores?.close();
      await dropScratch?.();
    });

    const stamp = () => Math.random().toString(36).slice(2, 10);
    const newUser = () => stores.users.create({ username: `terms_${stamp()}`, passwordHash: 'x', now: Date.now() });
    const newRoom = (ownerId: string) =>
      stores.channels.createRoom({
        name: `terms ${stamp()}`,
        isPrivate: true,
        createdBy: ownerId,
        memberIds: [],
        now: Date.now(),
      });
    async function post(channelId: string, senderId: string, texts: string[]): Promise<string[]> {
      const drafts = texts.map((text, i) => ({ channelId, senderId, text, clientId: null, createdAt: Date.now() + i }));
      return (await stores.messages.appendBatch(drafts)).map((stored) => stored.message.id);
    }
    /** Runs the indexer's work here and now, whatever the background indexer has done already. */
    async function indexAll(): Promise<void> {
      // Past the store's own indexer's wake (20 ms after a send), so that it does not index after this returns.
      await new Promise((resolve) => setTimeout(resolve, 60));
      for (;;) {
        const taken = await indexPending(database.db, 500);
        if (taken === 0) return;
        // The store's own indexer holds the lock: wait for it.
        if (taken === 'busy') await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    async function isPending(messageId: string): Promise<boolean> {
      const row = await database.db
        .selectFrom('message_terms_pending')
        .select('message_id')
        .where('message_id', '=', Number(messageId))
        .executeTakeFirst();
      return row !== undefined;
    }
    /** As a send leaves a message before the indexer's turn: marked, no rows. */
    async function unindex(messageId: string, channelId: string): Promise<void> {
      await database.db.deleteFrom('message_terms').where('message_id', '=', Number(messageId)).execute();
      await database.db
        .insertInto('message_terms_pending')
        .values({ message_id: Number(messageId), channel_id: Number(channelId) })
        .execute();
    }
    const found = async (userId: string, query: string) =>
      (await searchMessages(database.db, 'mysql', { userId, words: searchWords(query), limit: 10 })).messages.map(
        (message) => message.id,
      );
    async function rowsOf(messageId: string): Promise<string[]> {
      const rows = await database.db
        .selectFrom('message_terms')
        .select('term')
        .where('message_id', '=', Number(messageId))
        .execute();
      return rows.map((row) => row.term).sort();
    }

    it('writes the rows of a sent message, changes them with an edit, removes them with a delete', async () => {
      const a = await newUser();
      const room = await newRoom(a.id);
      const [id] = await post(room.id, a.id, ['Deploy the thing']);
      if (!id) throw new Error('nothing stored');
      await indexAll();
      expect(await rowsOf(id)).to.deep.equal(textTerms('Deploy the thing').sort());
      expect(await isPending(id)).to.equal(false);
      await edit(stores, room.id, id, { text: 'deployed stuff', editedAt: Date.now(), mentionIds: [] });
      expect(await rowsOf(id)).to.deep.equal(textTerms('deployed stuff').sort());
      await remove(stores.messages, room.id, id);
      expect(await rowsOf(id)).to.deep.equal([]);
    });

    it('keeps the rows in step when one batch edits a message twice, deletes another after an edit, and sends', async () => {
      const a = await newUser();
      const room = await newRoom(a.id);
      const [first, second] = await post(room.id, a.id, ['alpha beta', 'gamma delta']);
      if (!first || !second) throw new Error('nothing stored');
      const action = (messageId: string, text: string | undefined): MessageWrite => ({
        kind: 'action',
        action:
          text === undefined
            ? { kind: 'remove', channelId: room.id, messageId, actorId: a.id }
            : { kind: 'edit', channelId: room.id, messageId, actorId: a.id, text, editedAt: Date.now(), mentions: [] },
      });
      const results = await stores.messages.writeBatch([
        action(first, 'alpha epsilon'),
        action(first, 'beta zeta'),
        action(second, 'gamma theta'),
        action(second, undefined),
        { kind: 'append', draft: { channelId: room.id, senderId: a.id, text: 'omega', clientId: null, createdAt: Date.now() } },
      ]);
      const sent = results.at(-1);
      if (sent?.kind !== 'append') throw new Error('no message sent');
      await indexAll();
      expect(await rowsOf(first)).to.deep.equal(textTerms('beta zeta').sort());
      expect(await rowsOf(second)).to.deep.equal([]);
      expect(await rowsOf(sent.stored.message.id)).to.deep.equal(textTerms('omega').sort());
    });

    it('indexes a sent message behind the send, by itself, and clears its mark', async function () {
      this.timeout(10_000);
      const a = await newUser();
      const room = await newRoom(a.id);
      const [id] = await post(room.id, a.id, [`indexed ${stamp()} later`]);
      if (!id) throw new Error('nothing stored');
      // The store's own indexer, woken by the send: no call from here.
      for (let waited = 0; (await isPending(id)) && waited < 5000; waited += 25) await new Promise((r) => setTimeout(r, 25));
      expect(await isPending(id)).to.equal(false);
      expect((await rowsOf(id)).length).to.be.above(0);
    });

    it('finds a message before it is indexed, and once when it is both indexed and still marked', async () => {
      const a = await newUser();
      const room = await newRoom(a.id);
      const word = `qq${stamp()}`;
      const [older, id] = await post(room.id, a.id, [`${word} older`, `${word} newest`]);
      if (!older || !id) throw new Error('nothing stored');
      await indexAll();
      await unindex(id, room.id);
      expect(await rowsOf(id)).to.deep.equal([]);
      expect(await found(a.id, word)).to.deep.equal([id, older]);
      // Between two reads of a search the indexer may commit: rows and mark seen together.
      await database.db
        .insertInto('message_terms')
        .ignore()
        .values(textTerms(`${word} newest`).map((term) => ({ term, channel_id: Number(room.id), message_id: Number(id) })))
        .execute();
      expect(await found(a.id, word)).to.deep.equal([id, older]);
      // A stranger finds nothing, pending or not.
      expect(await found((await newUser()).id, word)).to.deep.equal([]);
      await indexAll();
      expect(await isPending(id)).to.equal(false);
      expect(await found(a.id, word)).to.deep.equal([id, older]);
    });

    it('indexes the text an edit left, and nothing for a message deleted before its turn', async () => {
      const a = await newUser();
      const room = await newRoom(a.id);
      const [edited, removed] = await post(room.id, a.id, ['first draft words', 'regretted words']);
      if (!edited || !removed) throw new Error('nothing stored');
      await indexAll();
      await unindex(edited, room.id);
      await unindex(removed, room.id);
      await edit(stores, room.id, edited, { text: 'final draft text', editedAt: Date.now(), mentionIds: [] });
      await remove(stores.messages, room.id, removed);
      await indexAll();
      expect(await rowsOf(edited)).to.deep.equal(textTerms('final draft text').sort());
      expect(await rowsOf(removed)).to.deep.equal([]);
      expect(await found(a.id, 'first')).to.not.include(edited);
      expect(await found(a.id, 'final')).to.include(edited);
    });

    /**
     * Rows one search reads, on one connection: MariaDB's Rows_read counts every row a storage
     * engine hands over (a FULLTEXT match's rows too); MySQL lacks it, so there the key lookups
     * and steps along an index.
     */
    async function rowsRead(userId: string, query: string, limit: number, channelId?: string, before?: string) {
      return database.db.connection().execute(async (connection: Kysely<Database>) => {
        const count = async () => {
          const { rows } = await sql<{ Variable_name: string; Value: string }>`SHOW SESSION STATUS`.execute(connection);
          const value = (name: string) => rows.find((row) => row.Variable_name === name)?.Value;
          const rowsRead = value('Rows_read');
          if (rowsRead !== undefined) return Number(rowsRead);
          return ['Handler_read_key', 'Handler_read_next', 'Handler_read_prev'].reduce(
            (sum, name) => sum + Number(value(name) ?? 0),
            0,
          );
        };
        const start = await count();
        const page = await searchMessages(connection, 'mysql', {
          userId,
          words: searchWords(query),
          limit,
          ...(channelId === undefined ? {} : { channelId }),
          ...(before === undefined ? {} : { before }),
        });
        return { read: (await count()) - start, found: page.messages.length };
      });
    }

    it('reads about a page of index rows, however many messages match in the channels searched and elsewhere', async function () {
      this.timeout(60_000);
      const [a, b] = [await newUser(), await newUser()];
      const [mine, theirs, small] = [await newRoom(a.id), await newRoom(b.id), await newRoom(a.id)];
      const word = `zz${stamp()}`;
      const many = (n: number, extra: string) => Array.from({ length: n }, (_, i) => `${word} ${extra} ${i}`);
      await post(theirs.id, b.id, many(600, 'elsewhere'));
      await post(small.id, a.id, many(3, 'few'));
      const ids = await post(mine.id, a.id, many(600, 'plenty'));
      await indexAll();

      const common = await rowsRead(a.id, word, 5);
      expect(common.found).to.equal(5);
      // A page far from the newest: the walk starts at the cursor, not at the channel's end.
      const deep = await rowsRead(a.id, word, 5, mine.id, ids[100]);
      expect(deep.found).to.equal(5);
      const narrowToSmall = await rowsRead(a.id, word, 5, small.id);
      expect(narrowToSmall.found).to.equal(3);
      // The rare word drives: "few" is in 3 messages, the other word in 1,203.
      const rare = await rowsRead(a.id, `${word} few`, 5);
      expect(rare.found).to.equal(3);
      // 600 matches in the user's channel and 600 elsewhere: with the FULLTEXT index of 0003 (before 0007)
      // the first three read 1,208 to 1,211 rows each; now about 10 to 20.
      for (const [what, figures] of Object.entries({ common, deep, narrowToSmall, rare }))
        expect(figures.read, what).to.be.below(120);
    });
  });
});
