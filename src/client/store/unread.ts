/**
 * Where the unread messages of a conversation start, from its unread count. Sending moves one's
 * own read position to the message sent (docs/protocol.md), so the unread messages are the last
 * `unread` messages from others; the first of them is where the `New messages` divider goes and
 * where the conversation opens. Pure, on a timeline holding the latest messages.
 */
import type { Message } from '../../shared/types';
import { compareIds } from '../message-order';
import type { TimelineView } from '../timeline';

type Held = Pick<TimelineView, 'status' | 'messages' | 'hasMore' | 'hasNewer'>;

const isFrom = (message: Message, me: string) => message.from.toLowerCase() === me.toLowerCase();

/**
 * The index of the first unread message in `timeline.messages`: the `unread`-th message from
 * others counted from the end. Undefined when nothing is unread, when the timeline does not hold
 * the latest messages, or when it does not reach back that far (then `reachesUnread` is false).
 */
function firstUnreadIndex(timeline: Held, unread: number, me: string): number | undefined {
  if (unread <= 0 || timeline.status !== 'ready' || timeline.hasNewer) return undefined;
  let counted = 0;
  for (let index = timeline.messages.length - 1; index >= 0; index--) {
    const message = timeline.messages[index];
    if (message && !isFrom(message, me) && ++counted === unread) return index;
  }
  return undefined;
}

/** The id of the first unread message, when the timeline holds it (see firstUnreadIndex). */
export function firstUnreadId(timeline: Held, unread: number, me: string): string | undefined {
  const index = firstUnreadIndex(timeline, unread, me);
  if (index !== undefined) return timeline.messages[index]?.id;
  // Fewer unread held than counted, and nothing older exists: they all are unread.
  if (unread > 0 && timeline.status === 'ready' && !timeline.hasNewer && !timeline.hasMore) {
    return timeline.messages.find((message) => !isFrom(message, me))?.id;
  }
  return undefined;
}

/** Whether the timeline reaches back to the first unread message (or to the beginning). */
export function reachesUnread(timeline: Held, unread: number, me: string): boolean {
  if (timeline.status !== 'ready' || timeline.hasNewer) return false;
  return unread <= 0 || !timeline.hasMore || firstUnreadIndex(timeline, unread, me) !== undefined;
}

/** How many of the held messages after `messageId` are others' and so still unread, and how many of those satisfy `mentions`. */
export function unreadAfter(
  timeline: Held,
  messageId: string,
  me: string,
  mentions: (message: Message) => boolean,
): { unread: number; mentions: number } {
  let unread = 0;
  let mentioned = 0;
  for (let index = timeline.messages.length - 1; index >= 0; index--) {
    const message = timeline.messages[index];
    if (!message || compareIds(message.id, messageId) <= 0) break;
    if (isFrom(message, me)) continue;
    unread++;
    if (mentions(message)) mentioned++;
  }
  return { unread, mentions: mentioned };
}
