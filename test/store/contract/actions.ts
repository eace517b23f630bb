/**
 * Message actions as one-action batches of MessageStore.writeBatch, in the shapes the contract
 * tests read best: an edit answers the message or undefined, a delete whether it changed anything,
 * a reaction its status.
 */
import type { MessageStore, UserStore } from '../../../src/chat/ports';
import type { ActionOutcome, MessageAction, MessageRecord, UserRecord } from '../../../src/chat/records';

export async function act(messages: MessageStore, action: MessageAction): Promise<ActionOutcome> {
  const [result] = await messages.writeBatch([{ kind: 'action', action }]);
  if (result?.kind !== 'action') throw new Error('writeBatch answered no action outcome');
  return result.outcome;
}

export async function react(
  messages: MessageStore,
  channelId: string,
  messageId: string,
  user: Pick<UserRecord, 'id' | 'username'>,
  emoji: string,
  on = true,
  maxEmoji = 20,
): Promise<ActionOutcome['status']> {
  const outcome = await act(messages, {
    kind: 'react',
    channelId,
    messageId,
    actorId: user.id,
    actorName: user.username,
    emoji,
    on,
    maxEmoji,
  });
  return outcome.status;
}

/** An edit by the message's sender; undefined when it changed nothing (no such message, a tombstone). */
export async function edit(
  stores: { messages: MessageStore; users: UserStore },
  channelId: string,
  messageId: string,
  change: { text: string; editedAt: number; mentionIds: readonly string[] },
): Promise<MessageRecord | undefined> {
  const sender = (await stores.messages.find(channelId, messageId))?.senderId ?? '0';
  const users = await stores.users.findByIds(change.mentionIds);
  const mentions = change.mentionIds.flatMap((id) => users.filter((user) => user.id === id));
  const outcome = await act(stores.messages, {
    kind: 'edit',
    channelId,
    messageId,
    actorId: sender,
    text: change.text,
    editedAt: change.editedAt,
    mentions: mentions.map(({ id, username }) => ({ id, username })),
  });
  return outcome.status === 'changed' || outcome.status === 'unchanged' ? outcome.message : undefined;
}

/** A delete by the message's sender: true when it made a tombstone. */
export async function remove(messages: MessageStore, channelId: string, messageId: string): Promise<boolean> {
  const sender = (await messages.find(channelId, messageId))?.senderId ?? '0';
  const outcome = await act(messages, { kind: 'remove', channelId, messageId, actorId: sender });
  return outcome.status === 'changed';
}
