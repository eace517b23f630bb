/**
 * Finds a channel and checks that the actor belongs to it, on every event. Channel records never
 * change once made, so they are cached; membership of `everyone` and direct channels follows from
 * the record alone, and only rooms ask the store.
 */
import { forbidden } from './errors';
import type { ChannelStore } from './ports';
import type { ChannelRecord } from './records';

const MAX_CACHED_CHANNELS = 50_000;

export class ChannelAccess {
  private readonly cache = new Map<string, ChannelRecord>();
  private everyone: ChannelRecord | undefined;

  constructor(private readonly channels: ChannelStore) {}

  async getEveryone(): Promise<ChannelRecord> {
    this.everyone ??= await this.channels.getEveryone();
    this.remember(this.everyone);
    return this.everyone;
  }

  async find(channelId: string): Promise<ChannelRecord | undefined> {
    const cached = this.cache.get(channelId);
    if (cached) return cached;
    const channel = await this.channels.get(channelId);
    if (channel) this.remember(channel);
    return channel;
  }

  remember(channel: ChannelRecord): void {
    if (this.cache.size >= MAX_CACHED_CHANNELS) this.cache.clear();
    this.cache.set(channel.id, channel);
  }

  async isMember(channel: ChannelRecord, userId: string): Promise<boolean> {
    if (channel.kind === 'everyone') return true;
    if (channel.kind === 'direct') return channel.directPair?.includes(userId) ?? false;
    return this.channels.isMember(channel.id, userId);
  }

  /** The channel, if it exists and the user belongs to it; otherwise `forbidden` (nothing leaks). */
  async require(channelId: string, userId: string): Promise<ChannelRecord> {
    const channel = await this.find(channelId);
    if (!channel || !(await this.isMember(channel, userId))) throw forbidden();
    return channel;
  }
}
