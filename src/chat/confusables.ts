/**
 * Whether a nickname could pass for someone's username: both are reduced to a skeleton (NFKC,
 * invisible format characters dropped, case folded, Latin look-alikes from Cyrillic and Greek and
 * the digits 0 and 1 mapped to the letters they imitate) and compared. A small map in the spirit of
 * Unicode's confusables (UTS #39), covering what a username can spell: [a-z0-9_.-].
 */
import { LIMITS, USERNAME_PATTERN } from '../shared/limits';

const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'l',
  ї: 'l',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'l',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  // Latin and digits that imitate letters
  ı: 'l',
  i: 'l',
  '1': 'l',
  '|': 'l',
  '0': 'o',
};

/** Skeleton characters a username's own characters may stand behind (the reverse of the map, for [a-z0-9]). */
const SPELLINGS: Readonly<Record<string, readonly string[]>> = { l: ['l', 'i', '1'], o: ['o', '0'] };

/** At most this many usernames are looked up for one nickname; more ambiguous ones are checked by prefix. */
export const MAX_SPELLINGS = 256;

export function skeleton(text: string): string {
  const folded = text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .trim()
    .replace(/^@/, '')
    .toLowerCase()
    .normalize('NFKC');
  let out = '';
  for (const character of folded) out += LOOK_ALIKES[character] ?? character;
  return out;
}

/**
 * The usernames (lowercase) whose skeleton is `target`'s, or undefined when there are more than
 * `max` of them. None when the skeleton cannot be a username.
 */
export function usernameSpellings(target: string, max = MAX_SPELLINGS): string[] | undefined {
  const length = [...target].length;
  if (length < LIMITS.usernameMin || length > LIMITS.usernameMax || !USERNAME_PATTERN.test(target)) return [];
  let spellings = [''];
  for (const character of target) {
    const options = SPELLINGS[character] ?? [character];
    spellings = spellings.flatMap((prefix) => options.map((option) => prefix + option));
    if (spellings.length > max) return undefined;
  }
  return spellings;
}

/** The start of `target` before its first character with several spellings (for a prefix search). */
export function unambiguousPrefix(target: string): string {
  let prefix = '';
  for (const character of target) {
    if (SPELLINGS[character]) break;
    prefix += character;
  }
  return prefix;
}
