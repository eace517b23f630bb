/**
 * How people are named on the page. The username is the identity; a nickname is only ever shown
 * beside it ("Ally (alice)"), never instead of it, so nobody can pass for someone else. The checks
 * mirror the server's (docs/protocol.md), so most mistakes are explained before anything is sent.
 */
import { LIMITS, codePointLength } from '../shared/limits';

export type NameParts = { username: string; nickname?: string };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const CONTROL_CHARACTERS = /\p{Cc}/u;

/** "Ally (alice)" with a nickname, else "alice". */
export function fullName({ username, nickname }: NameParts): string {
  return nickname ? `${nickname} (${username})` : username;
}

/** A nickname as the server will take it: trimmed, 1–32 code points, no control characters. */
export function checkNickname(raw: string): Checked<string> {
  return checkText(raw, 'A nickname', LIMITS.nicknameMax);
}

/** A room name as the server will take it: trimmed, 1–64 code points, no control characters. */
export function checkRoomName(raw: string): Checked<string> {
  return checkText(raw, 'A room name', LIMITS.roomNameMax);
}

function checkText(raw: string, what: string, max: number): Checked<string> {
  const value = raw.trim();
  const length = codePointLength(value);
  if (length === 0) return { ok: false, error: `${what} needs at least one character.` };
  if (length > max) return { ok: false, error: `${what} can be at most ${max} characters (this one has ${length}).` };
  if (CONTROL_CHARACTERS.test(value))
    return { ok: false, error: `${what} cannot contain control characters such as line breaks or tabs.` };
  return { ok: true, value };
}
