/**
 * Typing notices lapse: the server itself ends one `timeoutMs` after the typer's last `typing`
 * in that channel, so a closed laptop never leaves "is typing…" on screen.
 */
import type { TypingStore } from './ports';

export type TypingEnded = (channelId: string, userId: string) => void;

export class TypingTracker {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: TypingStore,
    private readonly onExpired: TypingEnded,
    private readonly timeoutMs: number,
  ) {}

  async start(channelId: string, userId: string): Promise<void> {
    const key = `${channelId}:${userId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => {
      this.timers.delete(key);
      void this.stop(channelId, userId).then(
        (wasTyping) => wasTyping && this.onExpired(channelId, userId),
        () => undefined,
      );
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

  /** Ends every notice of the user; resolves to the channels where they were typing. */
  async stopAll(userId: string): Promise<string[]> {
    const channels = await this.store.channelsOf(userId);
    const ended = await Promise.all(channels.map(async (channelId) => ((await this.stop(channelId, userId)) ? channelId : null)));
    return ended.filter((channelId): channelId is string => channelId !== null);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
