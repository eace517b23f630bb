/**
 * What the text in the composer asks for: a message to the open conversation, a private message
 * (`@name message`), or a command (`/nick NewName`, for the nicknames issue).
 */
import { USERNAME_PATTERN } from '../shared/limits';

export type ComposerIntent =
  | { kind: 'empty' }
  | { kind: 'message'; text: string }
  | { kind: 'private'; to: string; text: string }
  | { kind: 'nick'; nickname: string | null }
  | { kind: 'help' };

const PRIVATE = /^@([^\s@]+)\s+([\s\S]*\S[\s\S]*)$/;

export function parseComposerText(raw: string): ComposerIntent {
  const text = raw.trim();
  if (text.length === 0) return { kind: 'empty' };
  const nick = /^\/nick(?:\s+([\s\S]*))?$/.exec(text);
  if (nick) {
    const nickname = (nick[1] ?? '').trim();
    return { kind: 'nick', nickname: nickname.length > 0 ? nickname : null };
  }
  if (text === '/help') return { kind: 'help' };
  const direct = PRIVATE.exec(text);
  if (direct && USERNAME_PATTERN.test(direct[1] ?? '')) {
    return { kind: 'private', to: direct[1] ?? '', text: (direct[2] ?? '').trim() };
  }
  return { kind: 'message', text };
}

/** The name being typed after a leading `@`, while no space has followed it yet (for hints). */
export function pendingRecipient(raw: string): string | undefined {
  const match = /^@([A-Za-z0-9_.-]+)(\s|$)/.exec(raw.trimStart());
  return match?.[1];
}
