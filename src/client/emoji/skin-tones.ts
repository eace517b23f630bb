/**
 * Skin tones in the reaction picker: the choice (0, no tone, or one of the five Fitzpatrick
 * modifiers) and how an emoji that has tones is written in it. Pure.
 */
import type { EmojiEntry } from './emoji-search';

export type SkinTone = 0 | 1 | 2 | 3 | 4 | 5;

const LIGHT = '\u{1F3FB}';

/** The choices in order, each with the word that names it and its modifier ('' for none). */
export const SKIN_TONES: readonly { tone: SkinTone; name: string; modifier: string }[] = [
  { tone: 0, name: 'Default', modifier: '' },
  { tone: 1, name: 'Light', modifier: LIGHT },
  { tone: 2, name: 'Medium-light', modifier: '\u{1F3FC}' },
  { tone: 3, name: 'Medium', modifier: '\u{1F3FD}' },
  { tone: 4, name: 'Medium-dark', modifier: '\u{1F3FE}' },
  { tone: 5, name: 'Dark', modifier: '\u{1F3FF}' },
];

export function isSkinTone(value: unknown): value is SkinTone {
  return typeof value === 'number' && SKIN_TONES.some((choice) => choice.tone === value);
}

/**
 * The emoji in that tone when it has tones, else as it is. Every modifier of the light form is
 * changed, so a pair (🧑🏻‍🤝‍🧑🏻) takes the tone for both people.
 */
export function withSkinTone(entry: EmojiEntry, tone: SkinTone): string {
  const modifier = SKIN_TONES[tone]?.modifier;
  return entry.skin && modifier ? entry.skin.split(LIGHT).join(modifier) : entry.emoji;
}

/** What the emoji is called in that tone, e.g. "thumbs up: medium skin tone". */
export function nameInSkinTone(entry: EmojiEntry, tone: SkinTone): string {
  const choice = SKIN_TONES[tone];
  return entry.skin && choice && tone !== 0 ? `${entry.name}: ${choice.name.toLowerCase()} skin tone` : entry.name;
}
