/** ChannelStore in memory (Engine unit tests), with the SQL store's semantics. */
import { NameTakenError } from '../../chat/errors';
import type { ChannelStore, ReadRequest, SmallRoom } from '../../chat/ports';
import type { ChannelRecord, ChannelSummary } from '../../chat/records';
import { checkedLimit, directKey, orderedPair, parsePosition } from '../ids';
import { byNewestActivity } from '../ordering';
import { described, unreadMentions } from './message-details';
import { copyChannel, latestMessageId, type MemoryState } from './state';

export class MemoryChannelStore implements ChannelStore {
  constructor(private readonly state: MemoryState) {}

  async getEveryone(): Promise<ChannelRecord> {
    return this.channel(this.state.everyoneId);
  }

  async get(channelId: string): Promise<ChannelRecord | undefined> {
    const channel = this.state.channels.get(channelId);
    return channel && copyChannel(channel);
  }

  async findOrCreateDirect(userA: string, userB: string, createdBy: string, now: number): Promise<ChannelRecord> {
    if (userA === userB) throw new RangeError('A direct channel needs two distinct users');
    this.requireUsers([userA, userB, createdBy]);
    const key = directKey(userA, userB);
    let id = this.state.directKeys.get(key);
    if (id === undefined) {
      id = String(this.state.nextId.channel++);
      this.state.channels.set(id, {
        id,
        kind: 'direct',
        name: null,
        isPrivate: true,
        directPair: orderedPair(userA, userB),
        createdBy,
        createdAt: now,
      });
      this.state.directKeys.set(key, id);
    }
    const members = this.membersOf(id);
    for (const userId of [userA, userB]) if (!members.has(userId)) members.set(userId, { lastReadId: 0, joinedAt: now });
    return this.channel(id);
  }

  async createRoom(input: {
    name: string;
    isPrivate: boolean;
    createdBy: string;
    memberIds: readonly string[];
    now: number;
  }): Promise<ChannelRecord> {
    const memberIds = [...new Set([input.createdBy, ...input.memberIds])];
    this.requireUsers(memberIds);
    const nameKey = input.name.toLowerCase();
    if (!input.isPrivate && this.state.roomNames.has(nameKey)) throw new NameTakenError('room');
    const id = String(this.state.nextId.channel++);
    this.state.channels.set(id, {
      id,
      kind: 'room',
      name: input.name,
      isPrivate: input.isPrivate,
      directPair: null,
      createdBy: input.createdBy,
      createdAt: input.now,
    });
    if (!input.isPrivate) this.state.roomNames.set(nameKey, id);
    this.state.members.set(id, new Map(memberIds.map((userId) => [userId, { lastReadId: 0, joinedAt: input.now }])));
    return this.channel(id);
  }

  async findPublicRooms(query: string, limit: number): Promise<ChannelRecord[]> {
    const needle = query.toLowerCase();
    return [...this.state.roomNames.entries()]
      .filter(([nameKey]) => nameKey.includes(needle))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, checkedLimit(limit))
      .map(([, id]) => this.channel(id));
  }

  async isMember(channelId: string, userId: string): Promise<boolean> {
    return this.state.members.get(channelId)?.has(userId) ?? false;
  }

  async memberIds(channelId: string): Promise<string[]> {
    return [...(this.state.members.get(channelId)?.keys() ?? [])];
  }

  async addMember(channelId: string, userId: string, now: number): Promise<boolean> {
    if (!this.state.channels.has(channelId)) throw new RangeError(`No channel ${channelId}`);
    this.requireUsers([userId]);
    const members = this.membersOf(channelId);
    if (members.has(userId)) return false;
    members.set(userId, { lastReadId: latestMessageId(this.state, channelId), joinedAt: now });
    return true;
  }

  async removeMember(channelId: string, userId: string): Promise<boolean> {
    return this.state.members.get(channelId)?.delete(userId) ?? false;
  }

  async listForUser(userId: string): Promise<ChannelSummary[]> {
    const summaries: ChannelSummary[] = [];
    for (const channelId of this.state.members.keys()) {
      const summary = this.summary(channelId, userId);
      if (!summary) continue;
      const { channel, lastMessage } = summary;
      if (channel.kind === 'direct' && !lastMessage && channel.createdBy !== userId) continue;
      summaries.push(summary);
    }
    return summaries.sort(byNewestActivity);
  }

  async summaryFor(channelId: string, userId: string): Promise<ChannelSummary | undefined> {
    return this.summary(channelId, userId);
  }

  /** The position never passes the channel's newest message, as in the SQL store. True when it moved. */
  private markRead(channelId: string, userId: string, messageId: string): boolean {
    const member = this.state.members.get(channelId)?.get(userId);
    if (!member) return false;
    const target = Math.min(parsePosition(messageId), latestMessageId(this.state, channelId));
    if (target <= member.lastReadId) return false;
    member.lastReadId = target;
    return true;
  }

  /** As in the SQL store: two reads of one member and channel are one, at the further position, answered to the first. */
  async markReadMany(reads: readonly ReadRequest[]): Promise<(ChannelSummary | undefined)[]> {
    const further = new Map<string, { first: number; messageId: string }>();
    reads.forEach((read, index) => {
      if (!/^\d+$/.test(read.messageId)) return;
      const key = `${read.channelId}:${read.userId}`;
      const known = further.get(key);
      const messageId =
        known && parsePosition(known.messageId) > parsePosition(read.messageId) ? known.messageId : read.messageId;
      further.set(key, { first: known?.first ?? index, messageId });
    });
    const results: (ChannelSummary | undefined)[] = reads.map(() => undefined);
    for (const { first, messageId } of further.values()) {
      const read = reads[first];
      if (read && this.markRead(read.channelId, read.userId, messageId))
        results[first] = this.summary(read.channelId, read.userId);
    }
    return results;
  }

  async roomIdsForUser(userId: string): Promise<string[]> {
    return [...this.state.members.entries()]
      .filter(([channelId, members]) => members.has(userId) && this.state.channels.get(channelId)?.kind === 'room')
      .map(([channelId]) => channelId);
  }

  async smallRoomsOf(userId: string, maxMembers: number): Promise<SmallRoom[]> {
    const rooms = (await this.roomIdsForUser(userId)).sort((a, b) => Number(a) - Number(b));
    return rooms.flatMap((roomId) => {
      const memberIds = [...this.membersOf(roomId).keys()];
      return memberIds.length <= maxMembers ? [{ roomId, memberIds }] : [];
    });
  }

  private summary(channelId: string, userId: string): ChannelSummary | undefined {
    const member = this.state.members.get(channelId)?.get(userId);
    const channel = this.state.channels.get(channelId);
    if (!member || !channel) return undefined;
    const messages = this.state.messages.get(channelId) ?? [];
    const last = messages[messages.length - 1];
    const memberNames =
      channel.kind === 'everyone'
        ? null
        : [...this.membersOf(channelId).keys()]
            .flatMap((id) => this.state.users.get(id)?.username ?? [])
            .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    return {
      channel: copyChannel(channel),
      unread: messages.filter((message) => Number(message.id) > member.lastReadId && message.senderId !== userId).length,
      lastReadId: String(member.lastReadId),
      lastMessage: last ? described(this.state, last) : null,
      memberNames,
      mentions: unreadMentions(this.state, channelId, userId, member.lastReadId),
      otherReadId: String(this.otherReadId(channel, userId)),
    };
  }

  /** Direct channels: the other member's read position; 0 otherwise. */
  private otherReadId(channel: ChannelRecord, userId: string): number {
    if (channel.kind !== 'direct') return 0;
    const members = this.state.members.get(channel.id) ?? new Map();
    for (const [id, member] of members) if (id !== userId) return member.lastReadId;
    return 0;
  }

  private channel(id: string): ChannelRecord {
    const channel = this.state.channels.get(id);
    if (!channel) throw new RangeError(`No channel ${id}`);
    return copyChannel(channel);
  }

  private membersOf(channelId: string) {
    let members = this.state.members.get(channelId);
    if (!members) this.state.members.set(channelId, (members = new Map()));
    return members;
  }

  /** Like the foreign keys of the SQL schema. */
  private requireUsers(ids: readonly string[]): void {
    const missing = ids.find((id) => !this.state.users.has(id));
    if (missing !== undefined) throw new RangeError(`No user ${missing}`);
  }
}
