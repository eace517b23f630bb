/**
 * Which strings are one reaction emoji: exactly one RGI emoji (Unicode's recommended-for-general-
 * interchange set: skin tones, ZWJ sequences, flags and keycaps included), as the `v` flag's
 * `\p{RGI_Emoji}` knows them. Shared so the page can check before it sends.
 */
import { LIMITS } from './limits';

// Built with `new RegExp`: the compile target predates the `v` flag, Node 20 has it.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
/** Skin tones and hair styles are RGI as components of a sequence, not as reactions alone. */
const LONE_COMPONENT = /^\p{Emoji_Component}$/u;

/** True when `text` is exactly one RGI emoji, with nothing before or after it. */
export function isSingleEmoji(text: string): boolean {
  if (text.length === 0 || text.length > LIMITS.emojiMaxLength) return false;
  return RGI_EMOJI.test(text) && !LONE_COMPONENT.test(text);
}
