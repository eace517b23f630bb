/**
 * Group rooms: public ones anyone may find and join, private ones joined only by a member's
 * invitation. Membership changes reach the affected members' tabs as `channelUpdate`, and their
 * sockets start or stop hearing the room through `membership` events; each is also kept in the
 * room's history as a room event (RoomLog: "alice added bob").
 */
import { LIMITS, type Channel } from '../shared';
import type { ChatContext } from './context';
import { NameTakenError, forbidden, invalid, notFound } from './errors';
import type { Actor } from './events';
import type { ChannelRecord } from './records';
import type { RoomLog } from './room-log';
import type { TypingTracker } from './typing-tracker';
import { loadChannelView, toRoomListing, toRoomOutside } from './views';

export class Rooms {
  constructor(
    private readonly deps: ChatContext,
    /** A leaver's typing notice in the room ends as they go. */
    private readonly typing: Pick<TypingTracker, 'end'>,
    private readonly log: Pick<RoomLog, 'record'>,
  ) {}

  /** `invalid` for a public name already taken (ignoring case); `not_found` for an unknown member. */
  async create(actor: Actor, input: { name: string; private?: boolean; members?: string[] }): Promise<Channel> {
    const invited = await this.resolveUsers(input.members ?? []);
    const memberIds = [...new Set([actor.id, ...invited.map((user) => user.id)])];
    let channel: ChannelRecord;
    try {
      channel = await this.deps.channels.createRoom({
        name: input.name,
        isPrivate: input.private ?? false,
        createdBy: actor.id,
        memberIds,
        now: this.deps.clock(),
      });
    } catch (error) {
      if (error instanceof NameTakenError) throw invalid(`A room named ${input.name} already exists`);
      throw error;
    }
    this.deps.access.remember(channel);
    for (const userId of memberIds) this.deps.emit({ type: 'membership', userId, channelId: channel.id, joined: true });
    await this.announceMembers(channel);
    await this.log.record(channel, 'created', actor.id, null, memberIds);
    for (const userId of memberIds) {
      if (userId !== actor.id) await this.log.record(channel, 'added', actor.id, userId, memberIds);
    }
    return loadChannelView(this.deps.channels, channel.id, actor);
  }

  /** Public rooms whose name contains the query, ignoring case. */
  async list(query: string): Promise<Channel[]> {
    const rooms = await this.deps.channels.findPublicRooms(query, LIMITS.roomsListed);
    return rooms.map(toRoomListing);
  }

  /** Public rooms only: a private room, a direct channel or `everyone` is `forbidden`. */
  async join(actor: Actor, channelId: string): Promise<Channel> {
    const channel = await this.deps.access.find(channelId);
    if (!channel || channel.kind !== 'room' || channel.isPrivate) throw forbidden('You cannot join that channel');
    if (await this.addMember(channel, actor.id)) await this.log.record(channel, 'joined', actor.id, null, [actor.id]);
    return loadChannelView(this.deps.channels, channel.id, actor);
  }

  /** Members only; the invitee becomes a member at once. */
  async invite(actor: Actor, channelId: string, username: string): Promise<Channel> {
    const channel = await this.deps.access.require(channelId, actor.id);
    if (channel.kind !== 'room') throw invalid('Only rooms take invitations');
    const invitee = await this.deps.users.findByUsername(username);
    if (!invitee) throw notFound(`No user named ${username}`);
    if (await this.addMember(channel, invitee.id)) await this.log.record(channel, 'added', actor.id, invitee.id, [invitee.id]);
    return loadChannelView(this.deps.channels, channel.id, actor);
  }

  /**
   * `forbidden` when the actor is not in the channel (checked first, so a stranger learns nothing
   * about it); `invalid` when it is theirs but not a room.
   */
  async leave(actor: Actor, channelId: string): Promise<void> {
    const channel = await this.deps.access.require(channelId, actor.id);
    if (channel.kind !== 'room') throw invalid('Only rooms can be left');
    await this.typing.end(channel.id, actor.id);
    const removed = await this.deps.channels.removeMember(channel.id, actor.id);
    if (!removed) return;
    this.deps.emit({ type: 'membership', userId: actor.id, channelId: channel.id, joined: false });
    // The leaver's tabs learn the room without them; the remaining members learn who left.
    const members = await this.deps.users.findByIds(await this.deps.channels.memberIds(channel.id));
    const view = toRoomOutside(
      channel,
      members.map((member) => member.username),
    );
    this.deps.emit({ type: 'channelUpdate', userId: actor.id, channel: view });
    await this.announceMembers(channel);
    await this.log.record(channel, 'left', actor.id, null);
  }

  /** True when they were not a member before. */
  private async addMember(channel: ChannelRecord, userId: string): Promise<boolean> {
    const added = await this.deps.channels.addMember(channel.id, userId, this.deps.clock());
    if (!added) return false;
    this.deps.emit({ type: 'membership', userId, channelId: channel.id, joined: true });
    await this.announceMembers(channel);
    return true;
  }

  /** Every member's tabs get the room as that member sees it (new member list, their unread). */
  private async announceMembers(channel: ChannelRecord): Promise<void> {
    const memberIds = await this.deps.channels.memberIds(channel.id);
    const members = await this.deps.users.findByIds(memberIds);
    for (const member of members) {
      const view = await loadChannelView(this.deps.channels, channel.id, member);
      this.deps.emit({ type: 'channelUpdate', userId: member.id, channel: view });
    }
  }

  private async resolveUsers(usernames: string[]) {
    if (usernames.length > LIMITS.roomInviteMax) throw invalid('Too many members');
    const users = await Promise.all(usernames.map((name) => this.deps.users.findByUsername(name)));
    const missing = usernames.filter((_, index) => !users[index]);
    if (missing.length > 0) throw notFound(`No user named ${missing.join(', ')}`);
    return users.filter((user) => user !== undefined);
  }
}
