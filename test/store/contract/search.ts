/**
 * MessageStore contract for full-text search: every word must start a word of the current text,
 * ignoring case (non-ASCII too) and diacritics; newest first with keyset paging; only the channels
 * the user is a member of now; edits and deletes reflected at once; operators stay plain words.
 */
import { edit, react, remove } from './actions';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { MessageRecord, MessageSearch } from '../../../src/chat/records';
import { searchWords } from '../../../src/shared';
import { uniqueName, type ChatStores, type Helpers } from './fixture';

/** A word no other message of any run holds: letters only, so it is one word to both indexes. */
function uniqueWord(): string {
  return `zq${[...randomBytes(6)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
}

export function searchContract(stores: () => ChatStores, helpers: Helpers): void {
  describe('MessageStore: search', () => {
    async function room(ownerId: string, memberIds: string[] = []) {
      return stores().channels.createRoom({
        name: uniqueName('find'),
        isPrivate: true,
        createdBy: ownerId,
        memberIds,
        now: Date.now(),
      });
    }
    async function say(channelId: string, senderId: string, text: string): Promise<MessageRecord> {
      const [stored] = await stores().messages.appendBatch([helpers.draft(channelId, senderId, text)]);
      if (!stored) throw new Error('appendBatch answered nothing');
      return stored.message;
    }
    async function search(userId: string, query: string, extra: Partial<MessageSearch> = {}) {
      return stores().messages.search({ userId, words: searchWords(query), limit: 20, ...extra });
    }
    const texts = (page: { messages: MessageRecord[] }) => page.messages.map((message) => message.text);

    it('matches every word at the start of a word, newest first, with details', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      await say(channel.id, a.id, `${tag} Deploying on Friday`);
      await say(channel.id, a.id, `${tag} deploy later`);
      await say(channel.id, a.id, `${tag} redeploy friday`);
      await say(channel.id, a.id, `${tag}x friday deploy`);
      const found = await search(a.id, `${tag} deploy fri`);
      expect(texts(found)).to.deep.equal([`${tag}x friday deploy`, `${tag} Deploying on Friday`]);
      expect(found.hasMore).to.equal(false);
      expect(found.messages[0]).to.deep.include({ channelId: channel.id, senderName: a.username, senderId: a.id });
      expect(texts(await search(a.id, `${tag} ploy`))).to.deep.equal([]);
      await react(stores().messages, found.messages[1]!.channelId, found.messages[1]!.id, a, '👍');
      const again = await search(a.id, `${tag} deploying`);
      expect(again.messages[0]?.reactions).to.deep.equal([{ emoji: '👍', users: [a.username] }]);
    });

    it('ignores case and diacritics, for non-ASCII letters too', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      await say(channel.id, a.id, `${tag} ÄRGER mit der École`);
      await say(channel.id, a.id, `${tag} Привет МИР`);
      expect(texts(await search(a.id, `${tag.toUpperCase()} ärger`))).to.deep.equal([`${tag} ÄRGER mit der École`]);
      expect(texts(await search(a.id, `${tag} ÉCOLE`))).to.deep.equal([`${tag} ÄRGER mit der École`]);
      expect(texts(await search(a.id, `${tag} мир привет`))).to.deep.equal([`${tag} Привет МИР`]);
      expect(texts(await search(a.id, `${tag} ПРИВ`))).to.deep.equal([`${tag} Привет МИР`]);
    });

    it('finds common words too (no stopword list)', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      await say(channel.id, a.id, `${tag} where about the www with this`);
      for (const word of ['where', 'about', 'the', 'www', 'with', 'this']) {
        expect(texts(await search(a.id, `${tag} ${word}`)), word).to.have.length(1);
      }
    });

    it('pages by id, newest first, never repeating or skipping', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      const ids = await helpers.post(channel.id, a.id, 7, `${tag} number `);
      const first = await search(a.id, tag, { limit: 3 });
      expect(first.messages.map((message) => message.id)).to.deep.equal(ids.slice(4).reverse());
      expect(first.hasMore).to.equal(true);
      const second = await search(a.id, tag, { limit: 3, before: first.messages[2]!.id });
      expect(second.messages.map((message) => message.id)).to.deep.equal(ids.slice(1, 4).reverse());
      expect(second.hasMore).to.equal(true);
      const last = await search(a.id, tag, { limit: 3, before: second.messages[2]!.id });
      expect(last.messages.map((message) => message.id)).to.deep.equal([ids[0]]);
      expect(last.hasMore).to.equal(false);
      expect((await search(a.id, tag, { limit: 7 })).hasMore).to.equal(false);
    });

    it('searches only the channels the user is a member of now, or the one asked for', async () => {
      const [a, b] = [await helpers.newUser(), await helpers.newUser()];
      const shared = await room(a.id, [b.id]);
      const own = await room(a.id);
      const everyone = await stores().channels.getEveryone();
      const tag = uniqueWord();
      await say(shared.id, a.id, `${tag} shared`);
      await say(own.id, a.id, `${tag} private`);
      await say(everyone.id, a.id, `${tag} everyone`);
      const direct = await stores().channels.findOrCreateDirect(a.id, b.id, a.id, Date.now());
      await say(direct.id, b.id, `${tag} direct`);
      expect(texts(await search(a.id, tag))).to.deep.equal([
        `${tag} direct`,
        `${tag} everyone`,
        `${tag} private`,
        `${tag} shared`,
      ]);
      expect(texts(await search(b.id, tag))).to.deep.equal([`${tag} direct`, `${tag} everyone`, `${tag} shared`]);
      expect(texts(await search(a.id, tag, { channelId: own.id }))).to.deep.equal([`${tag} private`]);
      expect(texts(await search(b.id, tag, { channelId: own.id }))).to.deep.equal([]);
      expect(texts(await search(b.id, tag, { channelId: 'abc' }))).to.deep.equal([]);
      await stores().channels.removeMember(shared.id, b.id);
      expect(texts(await search(b.id, tag))).to.deep.equal([`${tag} direct`, `${tag} everyone`]);
    });

    it('follows edits and deletes at once; a tombstone never matches', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const [tag, old, fresh] = [uniqueWord(), uniqueWord(), uniqueWord()];
      const message = await say(channel.id, a.id, `${tag} ${old}`);
      const other = await say(channel.id, a.id, `${tag} stays`);
      await edit(stores(), channel.id, message.id, { text: `${tag} ${fresh}`, editedAt: Date.now(), mentionIds: [] });
      expect(texts(await search(a.id, old))).to.deep.equal([]);
      expect((await search(a.id, fresh)).messages.map((found) => found.id)).to.deep.equal([message.id]);
      expect((await search(a.id, tag)).messages.map((found) => found.id)).to.deep.equal([other.id, message.id]);
      await remove(stores().messages, channel.id, message.id);
      expect(texts(await search(a.id, fresh))).to.deep.equal([]);
      expect((await search(a.id, tag)).messages.map((found) => found.id)).to.deep.equal([other.id]);
    });

    it('matches long words by their start, however long the word searched for', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      await say(channel.id, a.id, `${tag} Internationalization matters`);
      await say(channel.id, a.id, `${tag} internationally known`);
      for (const query of ['internationali', 'internationaliz', 'INTERNATIONALIZATION']) {
        expect(texts(await search(a.id, `${tag} ${query}`)), query).to.deep.equal([`${tag} Internationalization matters`]);
      }
      expect(texts(await search(a.id, `${tag} internationalise`))).to.deep.equal([]);
      expect(texts(await search(a.id, `${tag} internationalizations`))).to.deep.equal([]);
      expect(texts(await search(a.id, `${tag} inter`))).to.have.length(2);
    });

    it('finds an older match behind many newer messages that only start like the word searched', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      await say(channel.id, a.id, `${tag} deploy now`);
      await say(channel.id, a.id, `${tag} deploy later`);
      const drafts = Array.from({ length: 12 }, (_, i) => helpers.draft(channel.id, a.id, `${tag} we deplore ${i}`));
      await stores().messages.appendBatch(drafts);
      const first = await search(a.id, `${tag} deploy`, { limit: 1 });
      expect(texts(first)).to.deep.equal([`${tag} deploy later`]);
      expect(first.hasMore).to.equal(true);
      const next = await search(a.id, `${tag} deploy`, { limit: 1, before: first.messages[0]!.id });
      expect([texts(next), next.hasMore]).to.deep.equal([[`${tag} deploy now`], false]);
    });

    it('finds words of any script, with digits and _, and words that repeat in one message', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      await say(channel.id, a.id, `${tag} Καλημέρα κόσμε, release_2024 build 12345`);
      await say(channel.id, a.id, `${tag} 東京タワー 東京タワー again and again`);
      expect(texts(await search(a.id, `${tag} ΚΑΛΗ`))).to.deep.equal([`${tag} Καλημέρα κόσμε, release_2024 build 12345`]);
      expect(texts(await search(a.id, `${tag} release_20 123`))).to.deep.equal([
        `${tag} Καλημέρα κόσμε, release_2024 build 12345`,
      ]);
      expect(texts(await search(a.id, `${tag} 東京タ`))).to.deep.equal([`${tag} 東京タワー 東京タワー again and again`]);
      expect(texts(await search(a.id, `${tag} again`))).to.deep.equal([`${tag} 東京タワー 東京タワー again and again`]);
      expect(texts(await search(a.id, `${tag} タワー`))).to.deep.equal([]);
    });

    it('keeps the words an edit leaves, drops the ones it removes, finds the ones it adds', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      const message = await say(channel.id, a.id, `${tag} alpha beta beta`);
      await edit(stores(), channel.id, message.id, { text: `${tag} alpha gamma`, editedAt: Date.now(), mentionIds: [] });
      expect(texts(await search(a.id, `${tag} alpha`))).to.deep.equal([`${tag} alpha gamma`]);
      expect(texts(await search(a.id, `${tag} beta`))).to.deep.equal([]);
      expect(texts(await search(a.id, `${tag} gam alp`))).to.deep.equal([`${tag} alpha gamma`]);
      await edit(stores(), channel.id, message.id, { text: `${tag} alphabet`, editedAt: Date.now(), mentionIds: [] });
      expect(texts(await search(a.id, `${tag} alpha`))).to.deep.equal([`${tag} alphabet`]);
      expect(texts(await search(a.id, `${tag} alphabets`))).to.deep.equal([]);
      expect(texts(await search(a.id, `${tag} gamma`))).to.deep.equal([]);
    });

    it('pages through many matches spread over several channels without repeating or skipping', async () => {
      const a = await helpers.newUser();
      const channels = [await room(a.id), await room(a.id), await room(a.id)];
      const tag = uniqueWord();
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await say(channels[i % 3]!.id, a.id, `${tag} common word ${i}`)).id);
      const seen: string[] = [];
      let before: string | undefined;
      for (let page = 0; page < 4; page++) {
        const found = await search(a.id, `${tag} word`, { limit: 5, ...(before === undefined ? {} : { before }) });
        seen.push(...found.messages.map((message) => message.id));
        before = found.messages.at(-1)?.id;
        if (!found.hasMore) break;
      }
      expect(seen).to.deep.equal([...ids].reverse());
    });

    it('takes full-text operators in a query as plain words', async () => {
      const a = await helpers.newUser();
      const channel = await room(a.id);
      const tag = uniqueWord();
      await say(channel.id, a.id, `${tag} alpha beta`);
      await say(channel.id, a.id, `${tag} gamma`);
      const cases: [string, string[]][] = [
        [`"${tag}" OR gamma`, [`${tag} gamma`]],
        [`+${tag} -alpha`, [`${tag} alpha beta`]],
        [`(${tag}) ~alpha* @2`, [`${tag} alpha beta`]],
        [`${tag}* NEAR(alpha)`, []],
        [`${tag} "gamma`, [`${tag} gamma`]],
        [`${tag} 'gamma'`, [`${tag} gamma`]],
      ];
      for (const [query, expected] of cases) expect(texts(await search(a.id, query)), query).to.deep.equal(expected);
    });
  });
}
