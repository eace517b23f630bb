/**
 * The storage the domain needs, as interfaces (ports). Implementations live in src/store/ and are
 * held to one contract suite (test/store/). Every method may throw StoreUnavailableError.
 */
import type {
  AttachmentRecord,
  ChannelRecord,
  ChannelSummary,
  HistoryCursor,
  HistoryPage,
  MessageDraft,
  MessageRecord,
  MessageSearch,
  MessageWrite,
  RoomEventDraft,
  RoomEventRecord,
  RoomEventSpan,
  StoredMessage,
  UserRecord,
  WriteResult,
} from './records';

export interface UserStore {
  /**
   * Creates a user and, in the same transaction, makes them a member of `everyone` with the read
   * position at its latest message. Throws NameTakenError('username') when taken, ignoring case.
   */
  create(input: { username: string; passwordHash: string; now: number }): Promise<UserRecord>;
  /** Ignoring case. */
  findByUsername(username: string): Promise<UserRecord | undefined>;
  findById(id: string): Promise<UserRecord | undefined>;
  findByIds(ids: readonly string[]): Promise<UserRecord[]>;
  /** Those of `usernames` that exist, ignoring case, in no particular order. */
  findByUsernames(usernames: readonly string[]): Promise<UserRecord[]>;
  /** Usernames starting with `prefix`, ignoring case, ordered by username (case-insensitive). */
  searchByPrefix(prefix: string, limit: number): Promise<UserRecord[]>;
  /** The first `limit` users ordered by username, ignoring case. */
  list(limit: number): Promise<UserRecord[]>;
  count(): Promise<number>;
  setNickname(id: string, nickname: string | null): Promise<void>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  setLastSeen(id: string, at: number): Promise<void>;
  /** Ids of the users who share a direct channel with this one. */
  partnerIds(userId: string): Promise<string[]>;
}

/** One member's `markRead`: the position moves forward to `messageId`, never past the channel's newest message. */
export type ReadRequest = { channelId: string; userId: string; messageId: string };

export interface ChannelStore {
  /** The single `everyone` channel (made by the migrations). */
  getEveryone(): Promise<ChannelRecord>;
  get(channelId: string): Promise<ChannelRecord | undefined>;
  /**
   * The one direct channel of two distinct users, created if missing, atomically: two callers at
   * the same instant get the same channel (a unique key, not check-then-insert). Both become members.
   */
  findOrCreateDirect(userA: string, userB: string, createdBy: string, now: number): Promise<ChannelRecord>;
  /** Throws NameTakenError('room') when a public room has that name, ignoring case. Members join at once. */
  createRoom(input: {
    name: string;
    isPrivate: boolean;
    createdBy: string;
    memberIds: readonly string[];
    now: number;
  }): Promise<ChannelRecord>;
  /** Public rooms whose name contains `query` (empty: all), ignoring case, by name. */
  findPublicRooms(query: string, limit: number): Promise<ChannelRecord[]>;
  /**
   * Whether the user is a member now (never cached: a member removed is refused at once). A store
   * may answer the checks of one turn of the event loop in one query.
   */
  isMember(channelId: string, userId: string): Promise<boolean>;
  memberIds(channelId: string): Promise<string[]>;
  /** Adds a member whose read position starts at the channel's latest message. False if already one. */
  addMember(channelId: string, userId: string, now: number): Promise<boolean>;
  /** False if they were not a member. */
  removeMember(channelId: string, userId: string): Promise<boolean>;
  /**
   * The user's channels with unread counts and last messages, newest activity first: `everyone`,
   * rooms they belong to, and direct channels that have a message or that they opened themselves.
   */
  listForUser(userId: string): Promise<ChannelSummary[]>;
  /** One channel as `listForUser` would describe it; undefined when the user is not a member. */
  summaryFor(channelId: string, userId: string): Promise<ChannelSummary | undefined>;
  /**
   * Moves read positions forward to their `messageId` (never back, never past the channel's newest
   * message), many at once (everyone who has a busy channel open reads each of its messages):
   * in order, each read's channel summary as `summaryFor` gives it after the move, or undefined when
   * that read moved nothing (already there, not a member, or an earlier read of the same member
   * and channel in the list moved it). A fixed number of queries whatever the number of reads.
   */
  markReadMany(reads: readonly ReadRequest[]): Promise<(ChannelSummary | undefined)[]>;
  /** Ids of the rooms (kind `room`) the user belongs to. */
  roomIdsForUser(userId: string): Promise<string[]>;
  /**
   * The user's rooms of at most `maxMembers` members, each with its member ids, in room id order.
   * Reads at most `maxMembers + 1` members of each of the user's rooms: a room past the bound costs
   * the same whatever its size (presence on a large site, docs/architecture.md).
   */
  smallRoomsOf(userId: string, maxMembers: number): Promise<SmallRoom[]>;
}

/** A room small enough that its members see each other's presence. */
export type SmallRoom = { roomId: string; memberIds: string[] };

export interface MessageStore {
  /**
   * Stores the drafts in one transaction, in order, so ids increase in that order within each
   * channel. A draft whose (channel, sender, clientId) is already stored is not stored again: its
   * result is the stored message with `created: false`. Each created message moves its sender's
   * read position to it.
   */
  appendBatch(drafts: readonly MessageDraft[]): Promise<StoredMessage[]>;
  /**
   * A page of at most `limit` messages, oldest first, by key (never OFFSET). No cursor: the latest
   * page, `hasMore` telling whether older ones exist. `before`: the page just older than that id.
   * `after`: the oldest messages newer than that id, `hasMore` telling whether newer ones exist.
   * Messages come with their details (reply quote, reactions, mentions) as they are now, loaded
   * for the whole page at once (a bounded number of queries), as do `lastMessage` and appends.
   */
  page(channelId: string, cursor: HistoryCursor, limit: number): Promise<HistoryPage>;
  /** Whether the channel holds a message older than `messageId`: one index seek, no details. */
  hasEarlier(channelId: string, messageId: string): Promise<boolean>;
  /**
   * The appends and actions in one transaction, in order: one commit for the whole batch (the
   * writer's group commit). Appends behave as in `appendBatch`. Each action applies to the message
   * as the batch's earlier writes left it, and its outcome carries the message as it is after it
   * (read with the batch, changed in place: no read per action). Refusals (`not_found`,
   * `forbidden`, ...) are outcomes, not errors; an error fails the whole batch, which changes nothing.
   */
  writeBatch(writes: readonly MessageWrite[]): Promise<WriteResult[]>;
  /** The message `messageId` of that channel as it is now; undefined when there is none. */
  find(channelId: string, messageId: string): Promise<MessageRecord | undefined>;
  /** The message the sender stored in that channel with that clientId, as it is now; undefined when none. */
  findByClientId(channelId: string, senderId: string, clientId: string): Promise<MessageRecord | undefined>;
  /**
   * Messages matching every search word, newest first, at most `limit`, with their details as
   * `page` gives them; `hasMore` when older matches exist. Tombstones never match. Only channels
   * the user is a member of now. From a full-text index: the work follows the matches, never the
   * number of messages.
   */
  search(query: MessageSearch): Promise<HistoryPage>;
}

/**
 * Room events (joins, invitations, leaves), kept beside the messages but apart from them, so that
 * message ids, unread counts and `lastMessage` never see them.
 */
export interface RoomEventStore {
  /** Stores the event after the channel's newest message at this moment (`afterMessageId`). */
  append(draft: RoomEventDraft): Promise<RoomEventRecord>;
  /**
   * The channel's events within `span`, ordered by `afterMessageId` then id; at most `limit`, the
   * newest of them when there are more.
   */
  list(channelId: string, span: RoomEventSpan, limit: number): Promise<RoomEventRecord[]>;
}

/**
 * Uploaded files, bytes included, where every process reaches them. An upload is begun, its bytes
 * appended piece by piece (`seq` from 0), then finished; until then it is found by nothing, and
 * `discard` removes it whole. Messages bind uploads when they are stored (MessageDraft.attachmentIds)
 * and unbind them by being deleted (the files go with them).
 */
export interface AttachmentStore {
  begin(input: { id: string; uploaderId: string; name: string; createdAt: number }): Promise<void>;
  appendChunk(id: string, seq: number, data: Uint8Array): Promise<void>;
  finish(id: string, done: { type: string; size: number }): Promise<void>;
  discard(id: string): Promise<void>;
  /** Finished uploads only, posted or not: unknown ids are left out. */
  findMany(ids: readonly string[]): Promise<AttachmentRecord[]>;
  /** Piece `seq` of the bytes; undefined past the end or once removed. */
  readChunk(id: string, seq: number): Promise<Uint8Array | undefined>;
  /** Removes the uploads never posted that began before `before` (finished or not); resolves to how many. */
  removeUnposted(before: number): Promise<number>;
}

/** A user whose last socket went with a process that died; `lastSeenAt` is that process's last heartbeat. */
export type GoneUser = { userId: string; lastSeenAt: number };

/**
 * Who is online, shared by every process when Redis is configured. A user is online while any
 * socket of theirs is registered (many tabs are one presence). Each socket is registered under
 * the process that holds it, and each process beats: a process silent for too long is declared
 * dead and its sockets are removed, so a crash never leaves anyone online.
 */
export interface PresenceStore {
  /** True when this is the user's first socket. */
  addSocket(userId: string, socketId: string): Promise<boolean>;
  /** True when this was the user's last socket. */
  removeSocket(userId: string, socketId: string): Promise<boolean>;
  isOnline(userId: string): Promise<boolean>;
  onlineUserIds(): Promise<string[]>;
  /** Which of these users are online: cost follows the list, not the number of users online. */
  onlineAmong(userIds: readonly string[]): Promise<Set<string>>;
  socketCount(userId: string): Promise<number>;
  /**
   * Records that this process is alive, now. True when it was not known as alive before: its first
   * beat, or it had been declared dead meanwhile (a stall, a Redis outage), in which case some or
   * all of its sockets were removed and it must register them again.
   */
  heartbeat(): Promise<boolean>;
  /**
   * Declares dead every process whose last beat is older than `deadAfterMs` and removes its sockets.
   * Resolves to the users left with no socket anywhere. Any number of processes may sweep at once:
   * each such user is reported to exactly one of them.
   */
  sweep(deadAfterMs: number): Promise<GoneUser[]>;
  /**
   * This process stops (graceful shutdown): it is declared dead at once and whatever sockets it
   * still had registered are removed, with the same report as `sweep`.
   */
  leave(): Promise<GoneUser[]>;
}

/** Who is typing where; entries lapse by themselves after `ttlMs`. */
export interface TypingStore {
  start(channelId: string, userId: string, ttlMs: number): Promise<void>;
  /** True when the user was typing there. */
  stop(channelId: string, userId: string): Promise<boolean>;
  /** The channels where the user is typing now. */
  channelsOf(userId: string): Promise<string[]>;
}

export type Clock = () => number;

/**
 * Which sessions belong to a user, kept by the session store as it saves them (so a session is
 * listed from its first save). May still name a session that has since expired or been destroyed:
 * readers load each one and `forget` those that are gone.
 */
export interface SessionIndex {
  sessionIdsOf(userId: string): Promise<string[]>;
  forget(userId: string, sessionIds: readonly string[]): Promise<void>;
}
