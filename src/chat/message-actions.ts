/**
 * Acting on messages already sent: edit, delete (a tombstone in place), react; what a new message
 * needs first (the message it replies to, whom it mentions); and read receipts in direct channels.
 * Actions go through the writer's lane of their channel, committed with its messages; the Engine
 * reports each change as a `messageUpdated` event carrying the whole message as it is after it.
 */
import { LIMITS, mentionedNames, resolveMentions, type EditMessageCommand, type Message, type ReactCommand } from '../shared';
import type { ChannelAccess } from './channel-access';
import { forbidden, invalid, notFound } from './errors';
import type { Actor, ChatEvent } from './events';
import type { ChannelStore, Clock, MessageStore, UserStore } from './ports';
import type { MessageWriter } from './message-writer';
import type { ActionOutcome, ChannelRecord, MentionedUser, MessageRecord } from './records';
import { toMessage } from './views';

export type MessageActionsDeps = {
  users: UserStore;
  channels: ChannelStore;
  messages: MessageStore;
  access: ChannelAccess;
  clock: Clock;
  emit: (event: ChatEvent) => void;
  /** Actions are written in the lane of their channel, committed with its messages. */
  writer: MessageWriter;
};

/** Distinct `@names` looked up per message at most: a text cannot make the server look up thousands. */
const MAX_MENTION_LOOKUPS = 50;

/** The message of an outcome, or the error the contract names for a refusal. */
function settled(outcome: ActionOutcome): MessageRecord {
  switch (outcome.status) {
    case 'changed':
    case 'unchanged':
      return outcome.message;
    case 'not_found':
      throw notFound('No such message in that channel');
    case 'forbidden':
      throw forbidden('Only its sender may change a message');
    case 'deleted':
      throw invalid('That message was deleted');
    case 'full':
      throw invalid(`At most ${LIMITS.reactionsMaxEmoji} different emoji on one message`);
  }
}

export class MessageActions {
  constructor(private readonly deps: MessageActionsDeps) {}

  /**
   * What a new message of `channel` stores besides its text: the message it replies to (`not_found`
   * unless it is a message of that channel, `invalid` for a tombstone) and the members it mentions.
   */
  async prepare(
    channel: ChannelRecord,
    text: string,
    replyTo: string | undefined,
  ): Promise<{ replyToId: string | null; mentionIds: string[] }> {
    if (replyTo !== undefined) {
      const replied = await this.deps.messages.find(channel.id, replyTo);
      if (!replied) throw notFound('No such message in that channel');
      if (replied.deleted) throw invalid('That message was deleted');
    }
    const mentions = await this.mentioned(channel, text);
    return { replyToId: replyTo ?? null, mentionIds: mentions.map((user) => user.id) };
  }

  /**
   * New text for the actor's own message. `forbidden` for someone else's, `invalid` for a tombstone,
   * `not_found` when there is no such message in that channel. The same text again changes nothing.
   */
  async edit(actor: Actor, command: EditMessageCommand): Promise<Message> {
    const channel = await this.deps.access.require(command.channelId, actor.id);
    const mentions = await this.mentioned(channel, command.text);
    const outcome = await this.deps.writer.act(channel, {
      kind: 'edit',
      channelId: channel.id,
      messageId: command.messageId,
      actorId: actor.id,
      text: command.text,
      editedAt: this.deps.clock(),
      mentions,
    });
    return toMessage(settled(outcome));
  }

  /** Makes the actor's own message a tombstone. Deleting a tombstone again is harmless. */
  async remove(actor: Actor, channelId: string, messageId: string): Promise<void> {
    const channel = await this.deps.access.require(channelId, actor.id);
    settled(await this.deps.writer.act(channel, { kind: 'remove', channelId: channel.id, messageId, actorId: actor.id }));
  }

  /** Any member adds (`on`, the default) or removes their reaction; either is harmless when already so. */
  async react(actor: Actor, command: ReactCommand): Promise<Message> {
    const channel = await this.deps.access.require(command.channelId, actor.id);
    const outcome = await this.deps.writer.act(channel, {
      kind: 'react',
      channelId: channel.id,
      messageId: command.messageId,
      actorId: actor.id,
      actorName: actor.username,
      emoji: command.emoji,
      on: command.on ?? true,
      maxEmoji: LIMITS.reactionsMaxEmoji,
    });
    return toMessage(settled(outcome));
  }

  /**
   * The actor's read position moved forward to `lastReadId` (as stored, read back by the caller):
   * in a direct channel, the other member's tabs hear where it is now (their `readUpTo`).
   */
  readMoved(channel: ChannelRecord, actor: Actor, lastReadId: string): void {
    if (channel.kind !== 'direct' || !channel.directPair || lastReadId === '0') return;
    const other = channel.directPair.find((id) => id !== actor.id);
    if (other === undefined) return;
    this.deps.emit({
      type: 'readReceipt',
      userId: other,
      receipt: { channelId: channel.id, username: actor.username, messageId: lastReadId },
    });
  }

  /** The channel's members named by `@name` in the text, first appearance first. */
  private async mentioned(channel: ChannelRecord, text: string): Promise<MentionedUser[]> {
    const keys = [...new Set(mentionedNames(text).map((name) => name.toLowerCase()))].slice(0, MAX_MENTION_LOOKUPS);
    if (keys.length === 0) return [];
    const found = await Promise.all(keys.map((key) => this.deps.users.findByUsername(key)));
    const members = new Map<string, string>();
    for (const user of found) {
      if (user && (await this.deps.access.isMember(channel, user.id))) members.set(user.username, user.id);
    }
    return resolveMentions(text, members.keys()).flatMap((username) => {
      const id = members.get(username);
      return id === undefined ? [] : [{ id, username }];
    });
  }
}
