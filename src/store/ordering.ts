/** Orderings every ChannelStore implementation shares, so that they agree exactly. */
import type { ChannelSummary } from '../chat/records';

/** Newest activity first: the last message's time, else the channel's creation; ties by ids. */
export function byNewestActivity(a: ChannelSummary, b: ChannelSummary): number {
  const activity = (summary: ChannelSummary) => summary.lastMessage?.createdAt ?? summary.channel.createdAt;
  const lastId = (summary: ChannelSummary) => BigInt(summary.lastMessage?.id ?? 0);
  return activity(b) - activity(a) || Number(lastId(b) - lastId(a)) || Number(BigInt(b.channel.id) - BigInt(a.channel.id));
}
