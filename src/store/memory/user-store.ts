/** UserStore in memory (Engine unit tests), with the SQL store's semantics. */
import { NameTakenError } from '../../chat/errors';
import type { UserStore } from '../../chat/ports';
import type { UserRecord } from '../../chat/records';
import { checkedLimit } from '../ids';
import { copyUser, latestMessageId, type MemoryState } from './state';

const byUsername = (a: UserRecord, b: UserRecord) => {
  const keyA = a.username.toLowerCase();
  const keyB = b.username.toLowerCase();
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
};

export class MemoryUserStore implements UserStore {
  constructor(private readonly state: MemoryState) {}

  async create(input: { username: string; passwordHash: string; now: number }): Promise<UserRecord> {
    const key = input.username.toLowerCase();
    if (this.state.usernames.has(key)) throw new NameTakenError('username');
    const user: UserRecord = {
      id: String(this.state.nextId.user++),
      username: input.username,
      nickname: null,
      passwordHash: input.passwordHash,
      createdAt: input.now,
      lastSeenAt: null,
    };
    this.state.users.set(user.id, user);
    this.state.usernames.set(key, user.id);
    const everyone = this.state.everyoneId;
    this.state.members.get(everyone)?.set(user.id, {
      lastReadId: latestMessageId(this.state, everyone),
      joinedAt: input.now,
    });
    return copyUser(user);
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    return this.findById(this.state.usernames.get(username.toLowerCase()) ?? '');
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const user = this.state.users.get(id);
    return user && copyUser(user);
  }

  async findByIds(ids: readonly string[]): Promise<UserRecord[]> {
    return [...new Set(ids)].flatMap((id) => {
      const user = this.state.users.get(id);
      return user ? [copyUser(user)] : [];
    });
  }

  async findByUsernames(usernames: readonly string[]): Promise<UserRecord[]> {
    const ids = usernames.flatMap((username) => this.state.usernames.get(username.toLowerCase()) ?? []);
    return this.findByIds(ids);
  }

  async searchByPrefix(prefix: string, limit: number): Promise<UserRecord[]> {
    const key = prefix.toLowerCase();
    return [...this.state.users.values()]
      .filter((user) => user.username.toLowerCase().startsWith(key))
      .sort(byUsername)
      .slice(0, checkedLimit(limit))
      .map(copyUser);
  }

  async list(limit: number): Promise<UserRecord[]> {
    return [...this.state.users.values()].sort(byUsername).slice(0, checkedLimit(limit, 100_000)).map(copyUser);
  }

  async count(): Promise<number> {
    return this.state.users.size;
  }

  async setNickname(id: string, nickname: string | null): Promise<void> {
    const user = this.state.users.get(id);
    if (user) user.nickname = nickname;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    const user = this.state.users.get(id);
    if (user) user.passwordHash = passwordHash;
  }

  async setLastSeen(id: string, at: number): Promise<void> {
    const user = this.state.users.get(id);
    if (user) user.lastSeenAt = at;
  }

  async partnerIds(userId: string): Promise<string[]> {
    const partners = new Set<string>();
    for (const channel of this.state.channels.values()) {
      const pair = channel.directPair;
      if (channel.kind !== 'direct' || !pair || !pair.includes(userId)) continue;
      if (!this.state.members.get(channel.id)?.has(userId)) continue;
      for (const member of this.state.members.get(channel.id)?.keys() ?? []) if (member !== userId) partners.add(member);
    }
    return [...partners];
  }
}
