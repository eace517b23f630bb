/**
 * The channel list of one user: each membership with its unread count, last message and member
 * names, newest activity first. A fixed number of queries whatever the number of channels; the
 * unread count is a range scan of (channel_id, id) past the member's read position. The same
 * statements describe a batch of readers of many channels at once (`summariesOf`).
 */
import type { Kysely } from 'kysely';
import type { ChannelSummary, MessageRecord } from '../../chat/records';
import { idString } from '../ids';
import { byNewestActivity } from '../ordering';
import { withDetails } from './message-details';
import { selectMessages, withSenderNames } from './queries';
import { toChannel } from './rows';
import type { Database } from './schema';

/**
 * Memberships with their counts. Every correlated subquery names the member by `cm.user_id`, so one
 * statement serves one user's list and a batch of readers of many channels alike.
 */
function membershipsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('channel_members as cm')
    .innerJoin('channels as c', 'c.id', 'cm.channel_id')
    .selectAll('c')
    .select(['cm.last_read_id', 'cm.user_id'])
    .select((eb) => [
      eb
        .selectFrom('messages as m')
        .select((sub) => sub.fn.max('m.id').as('latest'))
        .whereRef('m.channel_id', '=', 'c.id')
        .as('last_message_id'),
      eb
        .selectFrom('messages as m')
        .select((sub) => sub.fn.countAll().as('unread'))
        .whereRef('m.channel_id', '=', 'c.id')
        .whereRef('m.id', '>', 'cm.last_read_id')
        .whereRef('m.sender_id', '<>', 'cm.user_id')
        .as('unread'),
      eb
        .selectFrom('message_mentions as mm')
        .select((sub) => sub.fn.countAll().as('mentions'))
        .whereRef('mm.user_id', '=', 'cm.user_id')
        .whereRef('mm.channel_id', '=', 'c.id')
        .whereRef('mm.message_id', '>', 'cm.last_read_id')
        .as('mentions'),
      eb
        .selectFrom('channel_members as other')
        .select('other.last_read_id')
        .whereRef('other.channel_id', '=', 'c.id')
        .whereRef('other.user_id', '<>', 'cm.user_id')
        .where('c.kind', '=', 'direct')
        .limit(1)
        .as('other_read_id'),
    ]);
}

type MembershipRow = Awaited<ReturnType<ReturnType<typeof membershipsQuery>['execute']>>[number];

/** The rows as summaries, in their order: last messages and member names read once per channel. */
async function summarize(db: Kysely<Database>, rows: readonly MembershipRow[]): Promise<ChannelSummary[]> {
  if (rows.length === 0) return [];
  const lastIds = [...new Set(rows.flatMap((row) => (row.last_message_id == null ? [] : [Number(row.last_message_id)])))];
  const lastMessages = new Map<string, MessageRecord>();
  if (lastIds.length > 0) {
    const rows = await selectMessages(db).where('m.id', 'in', lastIds).execute();
    for (const message of await withDetails(db, await withSenderNames(db, rows))) lastMessages.set(message.channelId, message);
  }

  const named = [...new Set(rows.filter((row) => row.kind !== 'everyone').map((row) => Number(row.id)))];
  const memberNames = new Map<string, string[]>();
  if (named.length > 0) {
    const members = await db
      .selectFrom('channel_members as cm')
      .innerJoin('users as u', 'u.id', 'cm.user_id')
      .select(['cm.channel_id', 'u.username'])
      .where('cm.channel_id', 'in', named)
      .orderBy('u.username_key')
      .execute();
    for (const member of members) {
      const channelId = idString(member.channel_id);
      memberNames.set(channelId, [...(memberNames.get(channelId) ?? []), member.username]);
    }
  }

  return rows.map((row): ChannelSummary => {
    const channel = toChannel(row);
    return {
      channel,
      unread: Number(row.unread ?? 0),
      lastReadId: idString(row.last_read_id),
      lastMessage: lastMessages.get(channel.id) ?? null,
      mentions: Number(row.mentions ?? 0),
      otherReadId: row.other_read_id == null ? '0' : idString(row.other_read_id),
      memberNames: channel.kind === 'everyone' ? null : (memberNames.get(channel.id) ?? []),
    };
  });
}

/** All of the user's channels, or only `onlyChannel` (then direct channels without messages are kept). */
export async function listSummaries(db: Kysely<Database>, userId: number, onlyChannel?: number): Promise<ChannelSummary[]> {
  let query = membershipsQuery(db).where('cm.user_id', '=', userId);
  if (onlyChannel !== undefined) query = query.where('cm.channel_id', '=', onlyChannel);
  const rows = (await query.execute()).filter(
    (row) =>
      onlyChannel !== undefined || row.kind !== 'direct' || row.last_message_id != null || Number(row.created_by) === userId,
  );
  return (await summarize(db, rows)).sort(byNewestActivity);
}

export type Membership = { channelId: number; userId: number };

/**
 * Members grouped by channel: `channel_id = ? and user_id in (...)` per channel is a range scan
 * of the primary key on MySQL as on SQLite, where a long OR of (channel, user) pairs cost MariaDB
 * several times as much for 250 readers.
 */
export function byChannel(memberships: readonly Membership[]): Map<number, number[]> {
  const grouped = new Map<number, number[]>();
  for (const { channelId, userId } of memberships) grouped.set(channelId, [...(grouped.get(channelId) ?? []), userId]);
  return grouped;
}

/** Each membership's summary, keyed `channelId:userId`; memberships that do not exist are absent. */
export async function summariesOf(
  db: Kysely<Database>,
  memberships: readonly Membership[],
): Promise<Map<string, ChannelSummary>> {
  const found = new Map<string, ChannelSummary>();
  if (memberships.length === 0) return found;
  const rows = await membershipsQuery(db)
    .where((eb) =>
      eb.or(
        [...byChannel(memberships)].map(([channelId, userIds]) =>
          eb.and([eb('cm.channel_id', '=', channelId), eb('cm.user_id', 'in', userIds)]),
        ),
      ),
    )
    .execute();
  const summaries = await summarize(db, rows);
  rows.forEach((row, i) => {
    const summary = summaries[i];
    if (summary) found.set(`${Number(row.id)}:${Number(row.user_id)}`, summary);
  });
  return found;
}
