/**
 * Acting on messages already sent: edit, delete (a tombstone in place), react; what a new message
 * needs first (the message it replies to, whom it mentions); and read receipts in direct channels.
 * Every change is reported as a `messageUpdated` event carrying the whole message as it is now.
 */
import { LIMITS, mentionedNames, resolveMentions, type EditMessageCommand, type Message, type ReactCommand } from '../shared';
import type { ChannelAccess } from './channel-access';
import { forbidden, invalid, notFound } from './errors';
import type { Actor, ChatEvent } from './events';
import type { ChannelStore, Clock, MessageStore, UserStore } from './ports';
import type { ChannelRecord, MessageRecord } from './records';
import { toMessage } from './views';

export type MessageActionsDeps = {
  users: UserStore;
  channels: ChannelStore;
  messages: MessageStore;
  access: ChannelAccess;
  clock: Clock;
  emit: (event: ChatEvent) => void;
};

/** Distinct `@names` looked up per message at most: a text cannot make the server look up thousands. */
const MAX_MENTION_LOOKUPS = 50;

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
    return { replyToId: replyTo ?? null, mentionIds: await this.mentionIds(channel, text) };
  }

  /**
   * New text for the actor's own message. `forbidden` for someone else's, `invalid` for a tombstone,
   * `not_found` when there is no such message in that channel. The same text again changes nothing.
   */
  async edit(actor: Actor, command: EditMessageCommand): Promise<Message> {
    const { channel, message } = await this.ownMessage(actor, command.channelId, command.messageId);
    if (message.deleted) throw invalid('That message was deleted');
    if (message.text === command.text) return toMessage(message);
    const mentionIds = await this.mentionIds(channel, command.text);
    const edited = await this.deps.messages.edit(channel.id, message.id, {
      text: command.text,
      editedAt: this.deps.clock(),
      mentionIds,
    });
    // Deleted between the two reads: answer as a tombstone would.
    if (!edited) throw invalid('That message was deleted');
    return this.updated(channel, edited);
  }

  /** Makes the actor's own message a tombstone. Deleting a tombstone again is harmless. */
  async remove(actor: Actor, channelId: string, messageId: string): Promise<void> {
    const { channel, message } = await this.ownMessage(actor, channelId, messageId);
    if (message.deleted || !(await this.deps.messages.remove(channel.id, message.id))) return;
    const now = await this.deps.messages.find(channel.id, message.id);
    if (now) this.updated(channel, now);
  }

  /** Any member adds (`on`, the default) or removes their reaction; either is harmless when already so. */
  async react(actor: Actor, command: ReactCommand): Promise<Message> {
    const channel = await this.deps.access.require(command.channelId, actor.id);
    const message = await this.deps.messages.find(channel.id, command.messageId);
    if (!message) throw notFound('No such message in that channel');
    if (message.deleted) throw invalid('That message was deleted');
    const outcome = await this.deps.messages.react(
      message.id,
      actor.id,
      command.emoji,
      command.on ?? true,
      LIMITS.reactionsMaxEmoji,
    );
    if (outcome === 'full') throw invalid(`At most ${LIMITS.reactionsMaxEmoji} different emoji on one message`);
    if (outcome === 'unchanged') return toMessage(message);
    const now = await this.deps.messages.find(channel.id, message.id);
    if (!now) throw notFound('No such message in that channel');
    return this.updated(channel, now);
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

  private async ownMessage(actor: Actor, channelId: string, messageId: string) {
    const channel = await this.deps.access.require(channelId, actor.id);
    const message = await this.deps.messages.find(channel.id, messageId);
    if (!message) throw notFound('No such message in that channel');
    if (message.senderId !== actor.id) throw forbidden('Only its sender may change a message');
    return { channel, message };
  }

  private updated(channel: ChannelRecord, record: MessageRecord): Message {
    const message = toMessage(record);
    this.deps.emit({ type: 'messageUpdated', channel, message });
    return message;
  }

  /** The ids of the channel's members named by `@name` in the text, first appearance first. */
  private async mentionIds(channel: ChannelRecord, text: string): Promise<string[]> {
    const keys = [...new Set(mentionedNames(text).map((name) => name.toLowerCase()))].slice(0, MAX_MENTION_LOOKUPS);
    if (keys.length === 0) return [];
    const found = await Promise.all(keys.map((key) => this.deps.users.findByUsername(key)));
    const members = new Map<string, string>();
    for (const user of found) {
      if (user && (await this.deps.access.isMember(channel, user.id))) members.set(user.username, user.id);
    }
    return resolveMentions(text, members.keys()).flatMap((username) => members.get(username) ?? []);
  }
}
