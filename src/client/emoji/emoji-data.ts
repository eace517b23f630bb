/**
 * The emoji picker's full list, built as its own module (public/js/emoji-data.js) and imported by
 * the page only when the full picker first opens. The data is emojibase-data's, bundled at build
 * time (scripts/build.js trims it to these fields, and the skin tones to the light one): nothing
 * comes from a CDN.
 */
import data from 'emojibase-data/en/compact.json';
import type { EmojiEntry } from './emoji-search';

/** emojibase's own group order: smileys, people, (components, left out), nature, food, … */
export const EMOJI: readonly EmojiEntry[] = data.map((entry) => ({
  emoji: entry.unicode,
  name: entry.label,
  tags: entry.tags ?? [],
  group: entry.group ?? 0,
  // The build keeps of the skin tones only the light one, from which the others follow.
  ...(entry.skins?.[0] ? { skin: entry.skins[0].unicode } : {}),
}));
