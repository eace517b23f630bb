/**
 * The chat domain: presence, channels, history, messages, typing, read positions and rooms.
 * Transport-agnostic: callers pass the acting user (from the session) and parsed payloads; what
 * happens is reported to subscribers as ChatEvents. Errors are ChatErrors with contract codes.
 */
import {
  LIMITS,
  type Channel,
  type ChatHistoryQuery,
  type ChatMessageCommand,
  type HistoryResult,
  type Message,
  type User,
} from '../shared';
import { checkPostable } from './attachments';
import { CoalescedRead } from './coalesced-read';
import { ChannelAccess } from './channel-access';
import { skeleton, unambiguousPrefix, usernameSpellings } from './confusables';
import type { ChatContext } from './context';
import { ChatError, invalid, notFound } from './errors';
import type { Actor, ChatEvent, ChatEventListener } from './events';
import { MessageActions } from './message-actions';
import type { Metrics } from './metrics';
import { MessageWriter, type Written } from './message-writer';
import type {
  AttachmentStore,
  ChannelStore,
  Clock,
  GoneUser,
  MessageStore,
  PresenceStore,
  RoomEventStore,
  TypingStore,
  UserStore,
} from './ports';
import { PresenceCircle } from './presence-circle';
import { PresenceTracker, type HeartbeatOptions } from './presence-tracker';
import { LanedReadBatcher } from './read-batcher';
import type { ChannelRecord, MessageDraft, UserRecord } from './records';
import { RoomLog } from './room-log';
import { Rooms } from './rooms';
import { MessageSearcher } from './search';
import { SiteSize } from './site-size';
import { TypingTracker } from './typing-tracker';
import { loadChannelView, toChannel, toMessage, toUser } from './views';

export type EngineDeps = {
  users: UserStore;
  channels: ChannelStore;
  messages: MessageStore;
  presence: PresenceStore;
  typing: TypingStore;
  /** Without it, messages with attachments are refused (`invalid`). */
  attachments?: AttachmentStore;
  /** Without it, rooms keep no history of their members' changes (`events` is then always []). */
  roomEvents?: RoomEventStore;
  clock?: Clock;
  logger?: { error(obj: unknown, msg?: string): void };
  /** Batches and messages stored are reported here. */
  metrics?: Pick<Metrics, 'batchStored'>;
  /** How long after a user's last socket goes they are announced offline (page reloads). */
  presenceGraceMs?: number;
  typingTimeoutMs?: number;
  /** Registered users past which the site is large (default `LIMITS.fullUserListMax`, the contract's 500). */
  largeSiteUsers?: number;
  /** Batches of messages and actions committed at once, each for its own channels (default 1). */
  writeLanes?: number;
};

/** What a new message stores besides its text, each part checked first. */
type DraftExtras = Pick<MessageDraft, 'replyToId' | 'mentionIds' | 'attachmentIds'>;

/** Direct channels whose appearance this process has announced; bounded so it cannot grow forever. */
const MAX_ANNOUNCED_DIRECT = 100_000;

export class Engine {
  readonly rooms: Rooms;
  /** Edit, delete, react (the realtime handlers call these directly, like `rooms`). */
  readonly actions: MessageActions;
  /** `searchMessages`. */
  readonly search: MessageSearcher;
  private readonly listeners = new Set<ChatEventListener>();
  private readonly access: ChannelAccess;
  private readonly presence: PresenceTracker;
  private readonly circle: PresenceCircle;
  private readonly siteSize: SiteSize;
  private readonly largeSiteUsers: number;
  /** Everyone with their presence, shared by the sockets that connect together (a read per socket made storms slow). */
  private readonly smallSiteUsers: CoalescedRead<User[]>;
  private readonly typingTracker: TypingTracker;
  private readonly writer: MessageWriter;
  private readonly roomLog: RoomLog;
  private readonly reads: LanedReadBatcher;
  private readonly clock: Clock;
  private readonly announcedDirect = new Set<string>();
  private readonly disconnecting = new Set<Promise<void>>();

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? Date.now;
    this.access = new ChannelAccess(deps.channels);
    this.circle = new PresenceCircle(deps.users, deps.channels);
    this.largeSiteUsers = deps.largeSiteUsers ?? LIMITS.fullUserListMax;
    this.siteSize = new SiteSize(deps.users, this.clock, this.largeSiteUsers);
    this.smallSiteUsers = new CoalescedRead(async () => this.withPresence(await deps.users.list(this.largeSiteUsers)));
    const context: ChatContext = {
      users: deps.users,
      channels: deps.channels,
      access: this.access,
      clock: this.clock,
      emit: (event) => this.emit(event),
      failed: (error, what) => this.deps.logger?.error({ err: error }, what),
    };
    // The presence tracker reports through a narrow set of events (tested alone in its unit test):
    // presence changes are announced here, where the users and the typing tracker meet.
    this.presence = new PresenceTracker(
      deps.presence,
      {
        changed: (userId, online) => this.announcePresence(userId, online),
        gone: (user) => this.announceGone(user),
        failed: context.failed,
      },
      deps.presenceGraceMs ?? 1000,
    );
    this.typingTracker = new TypingTracker(deps.typing, context, deps.typingTimeoutMs ?? LIMITS.typingTimeoutMs);
    this.writer = new MessageWriter(deps.messages, (written) => this.publishStored(written), { lanes: deps.writeLanes });
    this.reads = new LanedReadBatcher(deps.channels, deps.writeLanes);
    this.roomLog = new RoomLog(context, deps.roomEvents);
    this.rooms = new Rooms(context, this.typingTracker, this.roomLog);
    this.actions = new MessageActions({ ...context, messages: deps.messages, writer: this.writer });
    this.search = new MessageSearcher(deps.messages, this.access);
  }

  subscribe(listener: ChatEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A socket of the user connected. Resolves to the `updateUsers` snapshot for it and the rooms its
   * socket must join.
   */
  async connect(actor: Actor, socketId: string): Promise<{ users: User[]; roomIds: string[] }> {
    await this.presence.connect(actor.id, socketId);
    const [users, roomIds] = await Promise.all([this.userSnapshot(actor.id), this.deps.channels.roomIdsForUser(actor.id)]);
    return { users, roomIds };
  }

  /** The rooms the user belongs to now. */
  roomIds(actor: Actor): Promise<string[]> {
    return this.deps.channels.roomIdsForUser(actor.id);
  }

  /** A socket went. Its user's typing ends with their last socket; offline follows after the grace. */
  disconnect(actor: Actor, socketId: string): Promise<void> {
    const done = this.endSocket(actor, socketId);
    this.disconnecting.add(done);
    return done.finally(() => this.disconnecting.delete(done));
  }

  /**
   * Joins the processes that share the presence store: beats every `intervalMs` and announces
   * offline the users of any process silent for longer than `deadAfterMs` (see PresenceTracker).
   * Throws when the store cannot be reached.
   */
  startHeartbeat(options: HeartbeatOptions): Promise<void> {
    return this.presence.startHeartbeat(options);
  }

  /**
   * This process is stopping and the transport has ended its sockets: finishes their bookkeeping,
   * announces who went offline, and leaves shared presence. Call before `close()`, while events
   * still reach the other processes.
   */
  async leave(): Promise<void> {
    await Promise.allSettled([...this.disconnecting]);
    await this.presence.leave();
  }

  /** How many sockets the user holds now, on every process (the bound on connections per user). */
  socketCount(userId: string): Promise<number> {
    return this.presence.socketCount(userId);
  }

  async listChannels(actor: Actor): Promise<Channel[]> {
    const summaries = await this.deps.channels.listForUser(actor.id);
    return summaries.map((summary) => toChannel(summary, actor.username));
  }

  /**
   * A page of history. `with` finds or creates the direct channel with that user (`not_found` for
   * an unknown user, `invalid` for oneself); `channelId` must be a channel the actor belongs to.
   * A room's page also carries the room events of its span (`events`, see RoomLog).
   */
  async history(actor: Actor, query: ChatHistoryQuery): Promise<HistoryResult> {
    const channel =
      'with' in query ? await this.directWith(actor, query.with) : await this.access.require(query.channelId, actor.id);
    const cursor = 'with' in query ? {} : { before: query.before, after: query.after };
    const limit = query.limit ?? LIMITS.historyDefault;
    const [page, view] = await Promise.all([
      this.deps.messages.page(channel.id, cursor, limit),
      this.channelFor(channel.id, actor.id, actor.username),
    ]);
    const result: HistoryResult = { channel: view, messages: page.messages.map(toMessage), hasMore: page.hasMore };
    const events = await this.roomLog.forPage(channel, cursor, page);
    if (events) result.events = events;
    return result;
  }

  /**
   * Stores a message, then reports it. Resolves only after the store committed; a retry with the
   * same clientId in the same channel resolves to the message stored the first time, as it is now.
   */
  async sendMessage(actor: Actor, command: ChatMessageCommand): Promise<Message> {
    const channel = await this.resolveTarget(actor, command);
    let extras: DraftExtras;
    try {
      extras = await this.draftExtras(actor, channel, command);
    } catch (error) {
      // What changed since the first attempt (the message replied to deleted, the files gone with
      // a deleted message) must not refuse its retry: only a new message is checked. Looked up on
      // refusal alone, so a first attempt costs no extra query.
      const retried =
        error instanceof ChatError && command.clientId !== undefined
          ? await this.deps.messages.findByClientId(channel.id, actor.id, command.clientId)
          : undefined;
      if (!retried) throw error;
      return toMessage(retried);
    }
    const stored = await this.writer.write(channel, {
      channelId: channel.id,
      senderId: actor.id,
      text: command.text,
      clientId: command.clientId ?? null,
      createdAt: this.clock(),
      ...extras,
    });
    if (stored.created) {
      await this.endTypingAfterSend(channel, actor);
      if (channel.kind === 'direct') void this.announceDirect(channel, stored.message.id);
    }
    return toMessage(stored.message);
  }

  /** The reply, mentions and files of a new message, each checked (ChatErrors otherwise). */
  private async draftExtras(actor: Actor, channel: ChannelRecord, command: ChatMessageCommand): Promise<DraftExtras> {
    const extras = await this.actions.prepare(channel, command.text, command.replyTo);
    const attachmentIds = command.attachments ?? [];
    if (attachmentIds.length > 0) {
      if (!this.deps.attachments) throw invalid('Attachments are not available here');
      await checkPostable(this.deps.attachments, actor.id, attachmentIds, command.clientId !== undefined);
    }
    return { ...extras, attachmentIds };
  }

  /**
   * The message is stored and delivered by now: ending the sender's typing notice is best effort
   * (it lapses by itself), so a typing store that is away (Redis) must not turn the ack into a failure.
   * Only a notice this process started is ended: no store round trip when the sender was not typing.
   */
  private async endTypingAfterSend(channel: ChannelRecord, actor: Actor): Promise<void> {
    try {
      if (await this.typingTracker.stopIfStartedHere(channel.id, actor.id)) this.typingTracker.announce(channel, actor);
    } catch (error) {
      this.deps.logger?.error({ err: error }, 'ending a typing notice after a message failed');
    }
  }

  /** Members only; a stranger's notice is dropped without a word (`forbidden` to the caller). */
  async typing(actor: Actor, channelId: string): Promise<void> {
    const channel = await this.access.require(channelId, actor.id);
    await this.typingTracker.start(channel.id, actor.id);
    this.emit({ type: 'typing', channel, userId: actor.id, notice: { channelId: channel.id, username: actor.username } });
  }

  async doneTyping(actor: Actor, channelId: string): Promise<void> {
    const channel = await this.access.require(channelId, actor.id);
    await this.typingTracker.end(channel.id, actor.id, actor.username);
  }

  /**
   * Moves the read position forward (never back); every tab of the user hears the new counts. One
   * channel summary serves both the tabs' view and the other member's receipt, and reads that
   * arrive together are stored together (ReadBatcher): everyone with a busy channel open reads
   * each of its messages at the same moment.
   */
  async markRead(actor: Actor, channelId: string, messageId: string): Promise<void> {
    const channel = await this.access.require(channelId, actor.id);
    const summary = await this.reads.mark({ channelId: channel.id, userId: actor.id, messageId });
    if (!summary) return;
    this.emit({ type: 'channelUpdate', userId: actor.id, channel: toChannel(summary, actor.username) });
    this.actions.readMoved(channel, actor, summary.lastReadId);
  }

  /** Whether presence goes only to those who can see it (more than `largeSiteUsers` registered). */
  isLargeSite(): Promise<boolean> {
    return this.siteSize.isLarge();
  }

  async findUsers(query: string): Promise<User[]> {
    const records = await this.deps.users.searchByPrefix(query, LIMITS.findUsersResults);
    return this.withPresence(records);
  }

  /**
   * Replaces what one socket watches (`watchPresence`): resolves the usernames (unknown ones are
   * left out), lets the transport `subscribe` the socket to exactly those users' presence, then
   * reads their presence, so a change from then on is heard and none before is missed. Answers
   * the users in the order asked.
   */
  async watchPresence(usernames: readonly string[], subscribe: (userIds: string[]) => Promise<void>): Promise<User[]> {
    const records = await this.deps.users.findByUsernames(usernames);
    await subscribe(records.map((record) => record.id));
    const order = new Map(usernames.map((name, index) => [name.toLowerCase(), index] as const));
    const position = (record: UserRecord) => order.get(record.username.toLowerCase()) ?? 0;
    return this.withPresence(records.sort((a, b) => position(a) - position(b)));
  }

  /** Someone signed up through this process: the site may have just become large. */
  userRegistered(): void {
    this.siteSize.grew();
  }

  /** Display only: the username stays the identity. Those who see the user's presence hear the change. */
  async setNickname(actor: Actor, nickname: string | null): Promise<User> {
    if (nickname !== null) await this.refuseImpersonation(actor, nickname);
    await this.deps.users.setNickname(actor.id, nickname);
    const record = await this.deps.users.findById(actor.id);
    if (!record) throw notFound('No such user');
    const user = toUser(record, await this.presence.isOnline(actor.id));
    await this.announceStatus(user, actor.id);
    return user;
  }

  /**
   * A nickname may not read as another user's username, ignoring case and look-alike characters
   * (`/nick bob` or `/nick Bоb` with a Cyrillic о, for alice): shown beside a message it would
   * pass for them. The user's own username is fine.
   */
  private async refuseImpersonation(actor: Actor, nickname: string): Promise<void> {
    const target = skeleton(nickname);
    const spellings = usernameSpellings(target);
    const candidates =
      spellings === undefined
        ? await this.deps.users.searchByPrefix(unambiguousPrefix(target), 1000)
        : await this.deps.users.findByUsernames(spellings);
    const other = candidates.find((user) => user.id !== actor.id && skeleton(user.username) === target);
    if (other) throw invalid('A nickname may not be another user’s username');
  }

  /** Stops timers and waits for messages already accepted to be stored. */
  async close(): Promise<void> {
    await Promise.all([this.writer.settled(), this.reads.settled()]);
    this.presence.close();
    this.typingTracker.close();
  }

  private emit(event: ChatEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.deps.logger?.error({ err: error, event: event.type }, 'chat event listener failed');
      }
    }
  }

  /** A lane's committed batch, in write order: new messages, then what changed (`messageUpdated`). */
  private publishStored(written: Written[]): void {
    const appended = written.flatMap(({ result }) => (result.kind === 'append' ? [result.stored] : []));
    this.deps.metrics?.batchStored(appended.length, appended.filter((stored) => stored.created).length);
    for (const { result, channel } of written) {
      if (result.kind === 'action') {
        if (result.outcome.status === 'changed') {
          this.emit({ type: 'messageUpdated', channel, message: toMessage(result.outcome.message) });
        }
        continue;
      }
      const { message, created } = result.stored;
      if (!created) continue;
      const view = toMessage(message);
      this.emit({ type: 'message', channel, message: view });
      // Sending moves the sender's read position to the message: the other member's readUpTo follows.
      const other = channel.kind === 'direct' ? channel.directPair?.find((id) => id !== message.senderId) : undefined;
      if (other !== undefined) {
        this.emit({
          type: 'readReceipt',
          userId: other,
          receipt: { channelId: channel.id, username: view.from, messageId: view.id },
        });
      }
    }
  }

  private async resolveTarget(actor: Actor, command: ChatMessageCommand): Promise<ChannelRecord> {
    if ('channelId' in command) return this.access.require(command.channelId, actor.id);
    if (command.to === null || command.to === '') return this.access.getEveryone();
    return this.directWith(actor, command.to);
  }

  private async directWith(actor: Actor, username: string): Promise<ChannelRecord> {
    const other = await this.deps.users.findByUsername(username);
    if (!other) throw notFound(`No user named ${username}`);
    if (other.id === actor.id) throw invalid('You cannot open a conversation with yourself');
    const channel = await this.deps.channels.findOrCreateDirect(actor.id, other.id, actor.id, this.clock());
    this.access.remember(channel);
    return channel;
  }

  /**
   * The first message of a direct channel makes it appear in both members' lists. Each channel is
   * checked once per process, with one index seek (`hasEarlier`): describing it to both members on
   * the first message this process saw was most of the CPU of a send after a restart of a large
   * site, and a detailed page of one message, the check before, was the second largest statement
   * on MariaDB in the 5,000-user mix.
   */
  private async announceDirect(channel: ChannelRecord, messageId: string): Promise<void> {
    if (this.announcedDirect.has(channel.id) || !channel.directPair) return;
    if (this.announcedDirect.size >= MAX_ANNOUNCED_DIRECT) this.announcedDirect.clear();
    this.announcedDirect.add(channel.id);
    try {
      if (await this.deps.messages.hasEarlier(channel.id, messageId)) return;
      const members = await this.deps.users.findByIds(channel.directPair);
      for (const member of members) {
        const view = await this.channelFor(channel.id, member.id, member.username);
        this.emit({ type: 'channelUpdate', userId: member.id, channel: view });
      }
    } catch (error) {
      this.deps.logger?.error({ err: error }, 'announcing a direct channel failed');
    }
  }

  private channelFor(channelId: string, userId: string, username: string): Promise<Channel> {
    return loadChannelView(this.deps.channels, channelId, { id: userId, username });
  }

  private async endSocket(actor: Actor, socketId: string): Promise<void> {
    const last = await this.presence.disconnect(actor.id, socketId);
    if (!last) return;
    await this.typingTracker.endAll(actor.id, actor.username);
  }

  /** A user's last socket died with its process: their typing ends and they go offline, last seen at its last beat. */
  private async announceGone({ userId, lastSeenAt }: GoneUser): Promise<void> {
    try {
      await this.typingTracker.endAll(userId);
    } catch (error) {
      this.deps.logger?.error({ err: error }, 'ending the typing notices of a user gone with their process failed');
    }
    await this.announcePresence(userId, false, lastSeenAt);
  }

  private async announcePresence(userId: string, online: boolean, lastSeenAt = this.clock()): Promise<void> {
    try {
      if (!online) await this.deps.users.setLastSeen(userId, lastSeenAt);
      const record = await this.deps.users.findById(userId);
      if (record) await this.announceStatus(toUser(record, online), userId);
    } catch (error) {
      this.deps.logger?.error({ err: error }, 'announcing presence failed');
    }
  }

  /** To everyone on a small site; on a large one to those who share a conversation with the user or watch them. */
  private async announceStatus(user: User, userId: string): Promise<void> {
    if (!(await this.siteSize.isLarge())) {
      this.emit({ type: 'userStatus', user });
      return;
    }
    this.emit({ type: 'userStatus', user, audience: await this.circle.audience(userId) });
  }

  /** Every user on a small site; on a large one the user's partners and small rooms' members. */
  private async userSnapshot(userId: string): Promise<User[]> {
    if (await this.siteSize.isLarge()) return this.circle.snapshot(userId, (records) => this.withPresence(records));
    return this.smallSiteUsers.get();
  }

  private async withPresence(records: UserRecord[]): Promise<User[]> {
    const online = await this.presence.onlineAmong(records.map((record) => record.id));
    return records.map((record) => toUser(record, online.has(record.id)));
  }
}
