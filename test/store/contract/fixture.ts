/** What the store contract suite runs against, and helpers to build its data. */
import { randomBytes } from 'node:crypto';
import type { ChannelStore, MessageStore, RoomEventStore, UserStore } from '../../../src/chat/ports';
import type { MessageDraft, UserRecord } from '../../../src/chat/records';

export type ChatStores = {
  users: UserStore;
  channels: ChannelStore;
  messages: MessageStore;
  roomEvents: RoomEventStore;
  close(): Promise<void>;
};

/** The suite calls this once, in `before`; the stores may hold data from earlier runs (MySQL persists). */
export type ChatStoresFactory = () => Promise<ChatStores>;

/** A username no earlier run can have taken: 3–32 characters, letters, digits and `_`. */
export function uniqueName(base: string): string {
  return `${base}_${randomBytes(5).toString('hex')}`;
}

export function makeHelpers(stores: () => ChatStores) {
  let clock = Date.now();
  const draft = (
    channelId: string,
    senderId: string,
    text: string,
    clientId: string | null = null,
    createdAt = ++clock,
  ): MessageDraft => ({ channelId, senderId, text, clientId, createdAt });
  return {
    draft,
    async newUser(base = 'user'): Promise<UserRecord> {
      return stores().users.create({ username: uniqueName(base), passwordHash: 'hash', now: Date.now() });
    },
    /** Stores `count` messages, one batch each, texts `${prefix}1`…; answers their ids. */
    async post(channelId: string, senderId: string, count: number, prefix = 'm'): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 1; i <= count; i++) {
        const [stored] = await stores().messages.appendBatch([draft(channelId, senderId, `${prefix}${i}`)]);
        if (!stored) throw new Error('appendBatch answered nothing');
        ids.push(stored.message.id);
      }
      return ids;
    },
  };
}

export type Helpers = ReturnType<typeof makeHelpers>;
