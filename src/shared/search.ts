/**
 * How a `searchMessages` query is read, shared by the server (what the database is asked) and the
 * page (what it highlights). Terms are split on whitespace; terms under `searchTermMin` code points
 * are ignored. Each term is matched as the words it contains (letters, digits and `_`, as both
 * full-text indexes split words), each word matching a whole word of the text or the start of one.
 */
import { LIMITS, codePointLength } from './limits';

const WORD = /[\p{L}\p{N}_]+/gu;

/** The terms of a query that count: split on whitespace, at least `searchTermMin` code points each. */
export function searchTerms(query: string): string[] {
  return query.split(/\s+/u).filter((term) => codePointLength(term) >= LIMITS.searchTermMin);
}

/**
 * The words the database is asked for: those of the counting terms, each at least `searchTermMin`
 * code points (shorter words are not indexed by InnoDB), without repeats. Only letters, digits and
 * `_`, so no word can carry full-text operators. Empty when no term holds such a word: nothing matches.
 */
export function searchWords(query: string): string[] {
  const words = searchTerms(query).flatMap((term) => term.match(WORD) ?? []);
  const long = words.filter((word) => codePointLength(word) >= LIMITS.searchTermMin);
  return [...new Set(long.map(foldWord))];
}

/** Lower case without diacritics: how both indexes compare words (InnoDB's utf8mb4_unicode_ci, FTS5's unicode61). */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').toLowerCase();
}

/** The words of a text with their places, for matching in memory and for highlighting. */
export function textWords(text: string): { word: string; start: number; end: number }[] {
  return [...text.matchAll(WORD)].map((match) => ({ word: match[0], start: match.index, end: match.index + match[0].length }));
}

/** Whether every search word starts some word of the text (ignoring case and diacritics). */
export function textMatches(text: string, words: readonly string[]): boolean {
  const folded = textWords(text).map((entry) => foldWord(entry.word));
  return words.every((word) => folded.some((candidate) => candidate.startsWith(word)));
}

/** The ranges [start, end) of `text` (UTF-16 offsets) that match a search word: each matched word's prefix. */
export function matchRanges(text: string, words: readonly string[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const entry of textWords(text)) {
    const folded = foldWord(entry.word);
    const best = words.filter((word) => folded.startsWith(word)).sort((a, b) => b.length - a.length)[0];
    if (best === undefined) continue;
    ranges.push([entry.start, entry.start + prefixLength(entry.word, best.length)]);
  }
  return ranges;
}

/** How many UTF-16 units of `word` fold to `folded` code points (diacritics make the two differ). */
function prefixLength(word: string, foldedLength: number): number {
  let end = 0;
  for (const char of word) {
    if (foldWord(word.slice(0, end)).length >= foldedLength) break;
    end += char.length;
  }
  return end;
}
