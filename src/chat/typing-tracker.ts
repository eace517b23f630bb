/**
 * Typing notices lapse: the server itself ends one `timeoutMs` after the typer's last `typing`
 * in that channel, so a closed laptop never leaves "is typing…" on screen. A notice that ends
 * (lapsed, sent, left, last socket gone) is announced here as `doneTyping`.
 */
import type { ChatContext } from './context';
import type { Actor } from './events';
import type { TypingStore } from './ports';
import type { ChannelRecord } from './records';

export class TypingTracker {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: TypingStore,
    private readonly context: ChatContext,
    private readonly timeoutMs: number,
  ) {}

  async start(channelId: string, userId: string): Promise<void> {
    const key = `${channelId}:${userId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      // Nobody waits for a lapse: a failure is logged, never left as an unhandled rejection.
      this.end(channelId, userId).catch((error: unknown) => this.context.failed(error, 'ending a lapsed typing notice failed'));
    }, this.timeoutMs);
    timer.unref();
    this.timers.set(key, timer);
    await this.store.start(channelId, userId, this.timeoutMs + 1000);
  }

  /** True when the user was typing there. */
  async stop(channelId: string, userId: string): Promise<boolean> {
    const key = `${channelId}:${userId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    return this.store.stop(channelId, userId);
  }

  /**
   * Ends the user's notice in the channel if this process started it (it holds its lapse timer);
   * true when it did. A message costs no store call when its sender was not typing, the usual case.
   * A notice started through another process is left to lapse or to its own `doneTyping`.
   */
  async stopIfStartedHere(channelId: string, userId: string): Promise<boolean> {
    if (!this.timers.has(`${channelId}:${userId}`)) return false;
    return this.stop(channelId, userId);
  }

  /** Ends every notice of the user; resolves to the channels where they were typing. */
  async stopAll(userId: string): Promise<string[]> {
    const channels = await this.store.channelsOf(userId);
    const ended = await Promise.all(channels.map(async (channelId) => ((await this.stop(channelId, userId)) ? channelId : null)));
    return ended.filter((channelId): channelId is string => channelId !== null);
  }

  /**
   * Ends the user's notice in one channel, if any, and announces it. No member check: callers made
   * it. Without `username` the name is looked up, only when there was a notice to end.
   */
  async end(channelId: string, userId: string, username?: string): Promise<void> {
    if (await this.stop(channelId, userId)) await this.announceEnded(channelId, userId, username);
  }

  /** Ends and announces every notice of the user (their last socket went, or their process died). */
  async endAll(userId: string, username?: string): Promise<void> {
    for (const channelId of await this.stopAll(userId)) await this.announceEnded(channelId, userId, username);
  }

  /** Announces that `actor` stopped typing in `channel` (the caller ended the notice). */
  announce(channel: ChannelRecord, actor: Actor): void {
    this.context.emit({
      type: 'doneTyping',
      channel,
      userId: actor.id,
      notice: { channelId: channel.id, username: actor.username },
    });
  }

  private async announceEnded(channelId: string, userId: string, username?: string): Promise<void> {
    const channel = await this.context.access.find(channelId);
    if (!channel) return;
    const name = username ?? (await this.context.users.findById(userId))?.username;
    if (name) this.announce(channel, { id: userId, username: name });
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
