/**
 * `@name` in a message's text, split out where `name` is one of the message's `mentions` (the
 * server's list, so only members are ever marked). Pure: render.ts turns the pieces into nodes.
 */

export type TextPiece = { type: 'text'; text: string } | { type: 'mention'; text: string; username: string };

// As src/shared/mentions.ts: an `@` not preceded by a username character, the longest run after it, less trailing dots.
const MENTION = /(?<![A-Za-z0-9_.-])@([A-Za-z0-9_.-]+)/g;

export function splitMentions(text: string, mentions: readonly string[] | undefined): TextPiece[] {
  if (!mentions || mentions.length === 0 || !text.includes('@')) return [{ type: 'text', text }];
  const byKey = new Map(mentions.map((name) => [name.toLowerCase(), name]));
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(MENTION)) {
    const name = (match[1] ?? '').replace(/\.+$/, '');
    const username = byKey.get(name.toLowerCase());
    const start = match.index ?? 0;
    if (!username || name.length === 0) continue;
    if (start > at) pieces.push({ type: 'text', text: text.slice(at, start) });
    pieces.push({ type: 'mention', text: `@${name}`, username });
    at = start + 1 + name.length;
  }
  if (at < text.length) pieces.push({ type: 'text', text: text.slice(at) });
  return pieces.length > 0 ? pieces : [{ type: 'text', text }];
}
