/**
 * The requests behind the room and nickname controls: create, search, join, invite, leave and
 * set a nickname. Each resolves to its result or to the server's refusal (never rejects), and
 * dispatches what the server confirmed at once; the `channelUpdate` and `userStatus`
 * that follow for the other tabs then change nothing here.
 */
import type { AckError, Channel, User } from '../shared/types';
import type { Connection } from './connection';
import type { Store } from './store/store';

export type Failure = AckError['error'];

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

export class RoomRequests {
  constructor(
    private readonly connection: Connection,
    private readonly store: Store,
  ) {}

  async create(room: { name: string; private: boolean; members: string[] }): Promise<Channel | Failure> {
    const reply = await this.connection.request('createRoom', room);
    return reply.ok ? this.keep(reply.channel) : reply.error;
  }

  async search(query: string): Promise<Channel[] | Failure> {
    const reply = await this.connection.request('listRooms', { query });
    return reply.ok ? reply.channels : reply.error;
  }

  async join(channelId: string): Promise<Channel | Failure> {
    const reply = await this.connection.request('joinRoom', { channelId });
    return reply.ok ? this.keep(reply.channel) : reply.error;
  }

  async invite(channelId: string, username: string): Promise<Channel | Failure> {
    const reply = await this.connection.request('inviteToRoom', { channelId, username });
    return reply.ok ? this.keep(reply.channel) : reply.error;
  }

  async leave(channelId: string): Promise<Failure | undefined> {
    const reply = await this.connection.request('leaveRoom', { channelId });
    if (!reply.ok) return reply.error;
    this.store.dispatch({ type: 'roomLeft', channelId });
    return undefined;
  }

  /** Up to 20 users whose username starts with `query` (the exact one first). */
  async findUsers(query: string): Promise<User[] | Failure> {
    const reply = await this.connection.request('findUsers', { query });
    return reply.ok ? reply.users : reply.error;
  }

  async setNickname(nickname: string | null): Promise<User | Failure> {
    const reply = await this.connection.request('setNickname', { nickname });
    if (!reply.ok) return reply.error;
    this.store.dispatch({ type: 'userUpdated', user: reply.user });
    return reply.user;
  }

  private keep(channel: Channel): Channel {
    this.store.dispatch({ type: 'roomJoined', channel });
    return channel;
  }
}
