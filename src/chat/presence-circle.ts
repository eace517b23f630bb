/**
 * Presence on a large site (docs/architecture.md, "Presence"): a user's presence is told to the
 * people who share a conversation with them (the other member of each direct channel, the members
 * of their rooms of at most `LIMITS.presenceRoomMaxMembers`) and to whoever watches them, never to
 * the whole site. Read fresh from the store at each change (a change is a connect, a last
 * disconnect or a nickname, never a message), so every process agrees without caches to invalidate;
 * each read is bounded by the user's own conversations.
 */
import { LIMITS, type User } from '../shared';
import type { ChannelStore, UserStore } from './ports';
import type { UserRecord } from './records';

/** Who hears one user's `userStatus`: these users' sockets, these rooms' members, and the user's watchers. */
export type PresenceAudience = { userIds: string[]; roomIds: string[]; watchersOf: string };

type WithPresence = (records: UserRecord[]) => Promise<User[]>;

const byUsername = (a: UserRecord, b: UserRecord) => {
  const keyA = a.username.toLowerCase();
  const keyB = b.username.toLowerCase();
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
};

export class PresenceCircle {
  constructor(
    private readonly users: UserStore,
    private readonly channels: ChannelStore,
  ) {}

  /** The user's partners and small rooms, and the user's own sockets (their other tabs hear a nickname change). */
  async audience(userId: string): Promise<PresenceAudience> {
    const [partnerIds, rooms] = await Promise.all([
      this.users.partnerIds(userId),
      this.channels.smallRoomsOf(userId, LIMITS.presenceRoomMaxMembers),
    ]);
    return { userIds: [userId, ...partnerIds], roomIds: rooms.map((room) => room.roomId), watchersOf: userId };
  }

  /**
   * A new socket's `updateUsers`: the user's partners (by username), then the other members of
   * their small rooms (by username), at most `LIMITS.largeSiteUserListMax` in all. The user is
   * not listed (they know themselves). Members are gathered room by room only until the list is full.
   */
  async snapshot(userId: string, withPresence: WithPresence): Promise<User[]> {
    const max = LIMITS.largeSiteUserListMax;
    const [partnerIds, rooms] = await Promise.all([
      this.users.partnerIds(userId),
      this.channels.smallRoomsOf(userId, LIMITS.presenceRoomMaxMembers),
    ]);
    const partners = (await this.users.findByIds(partnerIds)).sort(byUsername).slice(0, max);
    const listed = new Set([userId, ...partners.map((partner) => partner.id)]);
    const memberIds: string[] = [];
    for (const room of rooms) {
      for (const memberId of room.memberIds) {
        if (partners.length + memberIds.length >= max) break;
        if (listed.has(memberId)) continue;
        listed.add(memberId);
        memberIds.push(memberId);
      }
    }
    const members = (await this.users.findByIds(memberIds)).sort(byUsername);
    return withPresence([...partners, ...members]);
  }
}
