/**
 * What the room dialogs read from their fields and how they order what they show, kept apart
 * from the DOM so it is unit tested: usernames typed as a list, the member list's order, and
 * the words that describe a room.
 */
import type { Channel } from '../shared/types';
import { LIMITS, USERNAME_PATTERN } from '../shared/limits';

/**
 * Usernames typed as a list ("alice, @bob carol"): separated by commas or spaces, a leading `@`
 * dropped, unique ignoring case (the first spelling kept). Words that cannot be usernames are
 * returned apart so the dialog can name them.
 */
export function parseUsernames(text: string): { usernames: string[]; invalid: string[] } {
  const usernames: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const word of text.split(/[\s,;]+/)) {
    const name = word.replace(/^@/, '');
    if (name === '') continue;
    if (!isUsername(name)) {
      invalid.push(word);
      continue;
    }
    if (seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    usernames.push(name);
  }
  return { usernames, invalid };
}

export function isUsername(name: string): boolean {
  return name.length >= LIMITS.usernameMin && name.length <= LIMITS.usernameMax && USERNAME_PATTERN.test(name);
}

/** Adds a username to a list unless it is there already, ignoring case. */
export function addUsername(list: readonly string[], username: string): string[] {
  return list.some((name) => name.toLowerCase() === username.toLowerCase()) ? [...list] : [...list, username];
}

/** Members as the member list shows them: me first, then those online, then by username ignoring case. */
export function sortMembers(members: readonly string[], isOnline: (username: string) => boolean, me: string): string[] {
  const rank = (name: string) => (name.toLowerCase() === me.toLowerCase() ? 0 : isOnline(name) ? 1 : 2);
  return [...members].sort((a, b) => rank(a) - rank(b) || a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b));
}

/** "Public room · 3 members · 2 online". */
export function describeRoom(channel: Channel, online: number): string {
  const kind = channel.private ? 'Private room' : 'Public room';
  const count = channel.members?.length;
  if (count === undefined) return kind;
  return `${kind} · ${count} member${count === 1 ? '' : 's'} · ${online} online`;
}

/** What to show when the public rooms found are fewer than the server could list, or none. */
export function roomSearchStatus(found: number, query: string, max: number): string {
  if (found === 0) return query ? `No public room’s name contains “${query}”.` : 'There are no public rooms yet. Create one!';
  const rooms = `${found} public room${found === 1 ? '' : 's'}`;
  return found >= max ? `${rooms} shown; type more of a name to narrow them down.` : `${rooms} found.`;
}
