/**
 * The pure parts of `@` autocomplete in the composer: which name is being typed at the caret,
 * which members match it, how the server's matches join them, and the text once one is chosen.
 */
import type { NameParts } from './names';

const NAME_CHAR = /[A-Za-z0-9_.-]/;

/** Suggestions shown at most. */
export const MENTION_SUGGESTIONS = 8;

export type MentionQuery = { start: number; query: string };

/**
 * The `@name` being typed just before `caret`: `start` is the `@`'s index. An `@` right after a
 * name character (an e-mail address, `x@bob.com`) starts nothing, as on the server.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | undefined {
  let index = caret;
  while (index > 0 && NAME_CHAR.test(text[index - 1] ?? '')) index--;
  const at = index - 1;
  if (at < 0 || text[at] !== '@') return undefined;
  if (at > 0 && NAME_CHAR.test(text[at - 1] ?? '')) return undefined;
  return { start: at, query: text.slice(index, caret) };
}

/**
 * Members whose username or nickname matches `query` (ignoring case): usernames starting with it,
 * then nicknames with a word starting with it, then either containing it; the given order within.
 */
export function matchMentionCandidates(
  candidates: readonly NameParts[],
  query: string,
  limit = MENTION_SUGGESTIONS,
): NameParts[] {
  const needle = query.toLowerCase();
  const rank = (candidate: NameParts): number => {
    const username = candidate.username.toLowerCase();
    const nickname = candidate.nickname?.toLowerCase() ?? '';
    if (username.startsWith(needle)) return 0;
    if (nickname.split(/\s+/).some((word) => word.startsWith(needle))) return 1;
    if (username.includes(needle) || nickname.includes(needle)) return 2;
    return 3;
  };
  return candidates
    .map((candidate, index) => ({ candidate, index, rank: rank(candidate) }))
    .filter((entry) => entry.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}

/**
 * The suggestions once the server's matches (`findUsers`) arrive: the local matches first, as they
 * were, then the server's in its order, leaving out anyone already listed (ignoring case).
 */
export function mergeMentionSuggestions(
  local: readonly NameParts[],
  found: readonly NameParts[],
  limit = MENTION_SUGGESTIONS,
): NameParts[] {
  const listed = new Set(local.map((candidate) => candidate.username.toLowerCase()));
  const added = found.filter((candidate) => {
    const key = candidate.username.toLowerCase();
    if (listed.has(key)) return false;
    listed.add(key);
    return true;
  });
  return [...local, ...added].slice(0, limit);
}

/** The text with `@username ` in place of the partly typed name at `query`, and where the caret goes. */
export function insertMention(
  text: string,
  query: MentionQuery,
  caret: number,
  username: string,
): { text: string; caret: number } {
  const inserted = `@${username} `;
  const rest = text
    .slice(caret)
    .replace(/^[A-Za-z0-9_.-]*/, '')
    .replace(/^ /, '');
  return { text: text.slice(0, query.start) + inserted + rest, caret: query.start + inserted.length };
}
