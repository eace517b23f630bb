/**
 * Finding emoji by name for the reaction picker: pure functions over the list that
 * emoji-data.ts provides, so they are tested without the data or a DOM.
 */

export type EmojiEntry = {
  emoji: string;
  name: string;
  tags: readonly string[];
  group: number;
  /** When it has skin tones: its light-skin-tone form, the others following from it (skin-tones.ts). */
  skin?: string;
};

/** The small row shown first in the picker: the reactions people use most. */
export const FREQUENT_EMOJI: readonly EmojiEntry[] = [
  { emoji: '👍', name: 'thumbs up', tags: ['+1', 'yes'], group: 1, skin: '👍🏻' },
  { emoji: '❤️', name: 'red heart', tags: ['love'], group: 0 },
  { emoji: '😂', name: 'face with tears of joy', tags: ['laugh', 'lol'], group: 0 },
  { emoji: '🎉', name: 'party popper', tags: ['tada', 'party'], group: 6 },
  { emoji: '😮', name: 'face with open mouth', tags: ['wow'], group: 0 },
  { emoji: '😢', name: 'crying face', tags: ['sad'], group: 0 },
  { emoji: '🙏', name: 'folded hands', tags: ['please', 'thanks'], group: 1, skin: '🙏🏻' },
  { emoji: '👀', name: 'eyes', tags: ['look'], group: 1 },
];

/**
 * The entries matching every word of `query` (ignoring case): a word matches the start of a word
 * of the name or of a tag. Names starting with the query come first; otherwise the list's order.
 */
export function searchEmoji(list: readonly EmojiEntry[], query: string, limit = 200): EmojiEntry[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return list.slice(0, limit);
  const scored: { entry: EmojiEntry; score: number; index: number }[] = [];
  list.forEach((entry, index) => {
    const words = wordsOf(entry);
    if (!terms.every((term) => words.some((word) => word.startsWith(term)))) return;
    const name = entry.name.toLowerCase();
    const score = name === terms.join(' ') ? 0 : name.startsWith(terms.join(' ')) ? 1 : 2;
    scored.push({ entry, score, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  return scored.slice(0, limit).map(({ entry }) => entry);
}

function wordsOf(entry: EmojiEntry): string[] {
  const words = entry.name.toLowerCase().split(/[\s:,]+/);
  for (const tag of entry.tags) words.push(tag.toLowerCase());
  return words.filter(Boolean);
}

/**
 * Where the focus goes in a grid of `count` cells `columns` wide after a key: arrows move by one
 * cell or one row, Home and End to the ends; undefined for any other key.
 */
export function gridMove(index: number, key: string, count: number, columns: number): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, last);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      return index + columns <= last ? index + columns : index;
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return undefined;
  }
}
