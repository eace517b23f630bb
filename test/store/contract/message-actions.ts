/**
 * MessageStore contract for message actions: find within a channel, edits with their mentions,
 * tombstones, reactions (order, idempotence, the emoji cap), reply quotes as they are now, and the
 * mention counts and direct read positions of channel summaries.
 */
import { expect } from 'chai';
import type { MessageDraft, MessageRecord, UserRecord } from '../../../src/chat/records';
import { edit, react, remove } from './actions';
import { uniqueName, type ChatStores, type Helpers } from './fixture';

export function messageActionsContract(stores: () => ChatStores, helpers: Helpers): void {
  describe('MessageStore: message actions', () => {
    async function room(ownerId: string, memberIds: string[] = []) {
      return stores().channels.createRoom({
        name: uniqueName('acts'),
        isPrivate: true,
        createdBy: ownerId,
        memberIds,
        now: Date.now(),
      });
    }
    async function append(draft: MessageDraft): Promise<MessageRecord> {
      const [stored] = await stores().messages.appendBatch([draft]);
      if (!stored) throw new Error('appendBatch answered nothing');
      return stored.message;
    }

    it('finds a message only in its own channel', async () => {
      const a = await helpers.newUser();
      const [one, two] = [await room(a.id), await room(a.id)];
      const message = await append(helpers.draft(one.id, a.id, 'here'));
      expect(await stores().messages.find(one.id, message.id)).to.deep.include({ id: message.id, text: 'here' });
      expect(await stores().messages.find(two.id, message.id)).to.equal(undefined);
      expect(await stores().messages.find(one.id, '999999999999')).to.equal(undefined);
      expect(await stores().messages.find('abc', message.id)).to.equal(undefined);
    });

    it('stores a reply and its mentions with the message, and answers them at once', async () => {
      const [a, b, c] = [await helpers.newUser(), await helpers.newUser(), await helpers.newUser()];
      const channel = await room(a.id, [b.id, c.id]);
      const original = await append(helpers.draft(channel.id, b.id, 'original'));
      const reply = await append({
        ...helpers.draft(channel.id, a.id, 'reply'),
        replyToId: original.id,
        mentionIds: [c.id, b.id],
      });
      expect(reply).to.deep.include({
        replyToId: original.id,
        replyTo: { id: original.id, from: b.username, text: 'original' },
        mentions: [c.username, b.username],
      });
      const [, paged] = (await stores().messages.page(channel.id, {}, 10)).messages;
      expect(paged).to.deep.equal(reply);
    });

    it('edits text and mentions, never a tombstone; the quote of a reply follows', async () => {
      const [a, b] = [await helpers.newUser(), await helpers.newUser()];
      const channel = await room(a.id, [b.id]);
      const original = await append({ ...helpers.draft(channel.id, a.id, 'hi @b'), mentionIds: [b.id] });
      const reply = await append({ ...helpers.draft(channel.id, b.id, 'reply'), replyToId: original.id });
      const edited = await edit(stores(), channel.id, original.id, { text: 'new', editedAt: 1234, mentionIds: [] });
      expect(edited).to.deep.include({ text: 'new', editedAt: 1234 });
      expect(edited?.mentions).to.equal(undefined);
      expect((await stores().messages.find(channel.id, reply.id))?.replyTo).to.deep.equal({
        id: original.id,
        from: a.username,
        text: 'new',
      });
      expect(await edit(stores(), '999999', original.id, { text: 'x', editedAt: 1, mentionIds: [] })).to.equal(undefined);

      expect(await remove(stores().messages, channel.id, original.id)).to.equal(true);
      expect(await remove(stores().messages, channel.id, original.id)).to.equal(false);
      expect(await edit(stores(), channel.id, original.id, { text: 'x', editedAt: 1, mentionIds: [] })).to.equal(undefined);
      expect((await stores().messages.find(channel.id, reply.id))?.replyTo).to.deep.equal({
        id: original.id,
        from: a.username,
        text: '',
        deleted: true,
      });
    });

    it('makes a tombstone in place: text "", no reply, reactions or mentions', async () => {
      const [a, b] = [await helpers.newUser(), await helpers.newUser()];
      const channel = await room(a.id, [b.id]);
      const first = await append(helpers.draft(channel.id, b.id, 'first'));
      const doomed = await append({
        ...helpers.draft(channel.id, a.id, 'doomed @b'),
        replyToId: first.id,
        mentionIds: [b.id],
      });
      const last = await append(helpers.draft(channel.id, b.id, 'last'));
      await react(stores().messages, channel.id, doomed.id, b, '👍', true, 20);
      expect(await remove(stores().messages, channel.id, doomed.id)).to.equal(true);
      const tombstone = await stores().messages.find(channel.id, doomed.id);
      expect(tombstone).to.deep.include({ id: doomed.id, text: '', deleted: true });
      for (const key of ['replyTo', 'replyToId', 'reactions', 'mentions']) expect(tombstone).not.to.have.property(key);
      const { messages } = await stores().messages.page(channel.id, {}, 10);
      expect(messages.map((m) => m.id)).to.deep.equal([first.id, doomed.id, last.id]);
      expect(await remove(stores().messages, channel.id, '999999999999')).to.equal(false);
    });

    it('keeps reactions in order of first use, users in order, idempotent both ways', async () => {
      const [a, b, c] = [await helpers.newUser(), await helpers.newUser(), await helpers.newUser()];
      const channel = await room(a.id, [b.id, c.id]);
      const message = await append(helpers.draft(channel.id, a.id, 'react to me'));
      const reactAs = (user: UserRecord, emoji: string, on = true) =>
        react(stores().messages, channel.id, message.id, user, emoji, on);
      expect(await reactAs(b, '👍')).to.equal('changed');
      expect(await reactAs(b, '👍')).to.equal('unchanged');
      expect(await reactAs(c, '🎉')).to.equal('changed');
      expect(await reactAs(a, '👍')).to.equal('changed');
      expect(await reactAs(c, '👨‍👩‍👧‍👦')).to.equal('changed');
      expect(await reactAs(c, '🙃', false)).to.equal('unchanged');
      expect((await stores().messages.find(channel.id, message.id))?.reactions).to.deep.equal([
        { emoji: '👍', users: [b.username, a.username] },
        { emoji: '🎉', users: [c.username] },
        { emoji: '👨‍👩‍👧‍👦', users: [c.username] },
      ]);
      expect(await reactAs(b, '👍', false)).to.equal('changed');
      expect(await reactAs(b, '👍', false)).to.equal('unchanged');
      // 👍 keeps its place while someone still uses it.
      expect(((await stores().messages.find(channel.id, message.id))?.reactions ?? []).map((r) => r.emoji)).to.deep.equal([
        '👍',
        '🎉',
        '👨‍👩‍👧‍👦',
      ]);
      expect(await reactAs(c, '🎉', false)).to.equal('changed');
      expect((await stores().messages.find(channel.id, message.id))?.reactions).to.deep.equal([
        { emoji: '👍', users: [a.username] },
        { emoji: '👨‍👩‍👧‍👦', users: [c.username] },
      ]);
    });

    it('tells distinct emoji sequences apart and refuses one emoji more than the cap', async () => {
      const [a, b] = [await helpers.newUser(), await helpers.newUser()];
      const channel = await room(a.id, [b.id]);
      const message = await append(helpers.draft(channel.id, a.id, 'many'));
      expect(await react(stores().messages, channel.id, message.id, a, '👍', true, 3)).to.equal('changed');
      expect(await react(stores().messages, channel.id, message.id, a, '👍🏽', true, 3)).to.equal('changed');
      expect(await react(stores().messages, channel.id, message.id, a, '👍🏿', true, 3)).to.equal('changed');
      expect(await react(stores().messages, channel.id, message.id, a, '🎉', true, 3)).to.equal('full');
      expect(await react(stores().messages, channel.id, message.id, b, '👍🏽', true, 3)).to.equal('changed');
      const reactions = (await stores().messages.find(channel.id, message.id))?.reactions ?? [];
      expect(reactions.map((r) => r.emoji)).to.deep.equal(['👍', '👍🏽', '👍🏿']);
    });

    it('takes concurrent reactions of many users to one message, each once', async () => {
      const owner = await helpers.newUser();
      const users = await Promise.all(Array.from({ length: 12 }, () => helpers.newUser()));
      const channel = await room(
        owner.id,
        users.map((u) => u.id),
      );
      const message = await append(helpers.draft(channel.id, owner.id, 'busy'));
      const outcomes = await Promise.all(
        users.flatMap((u, i) => [
          react(stores().messages, channel.id, message.id, u, i % 2 ? '👍' : '🎉', true, 20),
          react(stores().messages, channel.id, message.id, u, i % 2 ? '👍' : '🎉', true, 20),
        ]),
      );
      expect(outcomes.filter((o) => o === 'changed')).to.have.length(12);
      const reactions = (await stores().messages.find(channel.id, message.id))?.reactions ?? [];
      expect(reactions.map((r) => r.users.length)).to.deep.equal([6, 6]);
    });

    it('counts unread mentions per member, cleared by reading past them', async () => {
      const [a, b] = [await helpers.newUser(), await helpers.newUser()];
      const channel = await room(a.id, [b.id]);
      const first = await append({ ...helpers.draft(channel.id, a.id, '@b one'), mentionIds: [b.id] });
      await append(helpers.draft(channel.id, a.id, 'plain'));
      const third = await append({ ...helpers.draft(channel.id, a.id, '@b two'), mentionIds: [b.id] });
      const summary = () => stores().channels.summaryFor(channel.id, b.id);
      expect(await summary()).to.deep.include({ unread: 3, mentions: 2 });
      expect((await stores().channels.summaryFor(channel.id, a.id))?.mentions).to.equal(0);
      await stores().channels.markReadMany([{ channelId: channel.id, userId: b.id, messageId: first.id }]);
      expect(await summary()).to.deep.include({ unread: 2, mentions: 1 });
      await remove(stores().messages, channel.id, third.id);
      expect((await summary())?.mentions).to.equal(0);
      const listed = (await stores().channels.listForUser(b.id)).find((s) => s.channel.id === channel.id);
      expect(listed?.mentions).to.equal(0);
    });

    it("tells each member of a direct channel the other's read position", async () => {
      const [a, b] = [await helpers.newUser(), await helpers.newUser()];
      const direct = await stores().channels.findOrCreateDirect(a.id, b.id, a.id, Date.now());
      expect((await stores().channels.summaryFor(direct.id, a.id))?.otherReadId ?? '0').to.equal('0');
      const message = await append(helpers.draft(direct.id, a.id, 'hello'));
      expect((await stores().channels.summaryFor(direct.id, b.id))?.otherReadId).to.equal(message.id);
      await stores().channels.markReadMany([{ channelId: direct.id, userId: b.id, messageId: message.id }]);
      expect((await stores().channels.summaryFor(direct.id, a.id))?.otherReadId).to.equal(message.id);
    });

    it('gives lastMessage as it is now', async () => {
      const [a, b] = [await helpers.newUser(), await helpers.newUser()];
      const channel = await room(a.id, [b.id]);
      const message = await append(helpers.draft(channel.id, a.id, 'last'));
      await react(stores().messages, channel.id, message.id, b, '🎉', true, 20);
      await edit(stores(), channel.id, message.id, { text: 'edited', editedAt: 99, mentionIds: [b.id] });
      const summary = await stores().channels.summaryFor(channel.id, b.id);
      expect(summary?.lastMessage).to.deep.include({
        text: 'edited',
        editedAt: 99,
        reactions: [{ emoji: '🎉', users: [b.username] }],
        mentions: [b.username],
      });
    });
  });
}
