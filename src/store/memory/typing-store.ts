/** TypingStore for one process (embedded mode): user id → channel id → when the notice lapses. */
import type { TypingStore } from '../../chat/ports';

export class MemoryTypingStore implements TypingStore {
  private readonly typing = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  async start(channelId: string, userId: string, ttlMs: number): Promise<void> {
    const channels = this.typing.get(userId) ?? new Map<string, number>();
    this.typing.set(userId, channels);
    channels.set(channelId, this.now() + ttlMs);
  }

  async stop(channelId: string, userId: string): Promise<boolean> {
    const channels = this.typing.get(userId);
    const until = channels?.get(channelId);
    if (!channels || until === undefined) return false;
    channels.delete(channelId);
    if (channels.size === 0) this.typing.delete(userId);
    return until > this.now();
  }

  async channelsOf(userId: string): Promise<string[]> {
    const channels = this.typing.get(userId);
    if (!channels) return [];
    const now = this.now();
    for (const [channelId, until] of channels) if (until <= now) channels.delete(channelId);
    if (channels.size === 0) this.typing.delete(userId);
    return [...channels.keys()];
  }
}
