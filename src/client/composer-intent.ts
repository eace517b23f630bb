/**
 * What the text in the composer asks for: a message to the open conversation, a private message
 * (`@name message`), or a command from the table below (`/nick NewName`, `/me waves`, …). A line
 * starting with one `/` is always read as a command, so a mistyped one is never posted to
 * everyone; `//text` sends the literal text `/text`.
 */
import { USERNAME_PATTERN } from '../shared/limits';

export type ComposerIntent =
  | { kind: 'empty' }
  | { kind: 'message'; text: string }
  | { kind: 'private'; to: string; text: string }
  | { kind: 'nick'; nickname: string | null }
  | { kind: 'me'; text: string }
  | { kind: 'join'; room: string }
  | { kind: 'leave' }
  | { kind: 'invite'; username: string }
  | { kind: 'help' }
  /** A known command used wrongly: `usage` says how it is used. */
  | { kind: 'usage'; command: string; usage: string }
  | { kind: 'unknown'; command: string };

type Command = {
  usage: string;
  summary: string;
  /** The intent for the words after the command (trimmed, possibly empty), or undefined when they do not fit. */
  read(argument: string): ComposerIntent | undefined;
};

/** The shrug `/shrug` appends. */
export const SHRUG = '¯\\_(ツ)_/¯';

/**
 * `/me waves` is stored as an ordinary message in italics, `_waves_`: every client shows it as an
 * action after the sender's name without a new field in the contract.
 */
export function actionText(text: string): string {
  return `_${text}_`;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  nick: {
    usage: '/nick [name]',
    summary: 'sets your nickname (none clears it)',
    read: (argument) => ({ kind: 'nick', nickname: argument.length > 0 ? argument : null }),
  },
  me: {
    usage: '/me <action>',
    summary: 'says what you do, in italics',
    read: (argument) => (argument ? { kind: 'me', text: argument } : undefined),
  },
  join: {
    usage: '/join <room name>',
    summary: 'joins a public room',
    read: (argument) => (argument ? { kind: 'join', room: argument.replace(/^#\s*/, '') } : undefined),
  },
  leave: { usage: '/leave', summary: 'leaves the open room', read: (argument) => (argument ? undefined : { kind: 'leave' }) },
  invite: {
    usage: '/invite <username>',
    summary: 'adds someone to the open room',
    read: (argument) => {
      const username = argument.replace(/^@/, '');
      return USERNAME_PATTERN.test(username) ? { kind: 'invite', username } : undefined;
    },
  },
  help: { usage: '/help', summary: 'lists the commands', read: () => ({ kind: 'help' }) },
  shrug: {
    usage: '/shrug [text]',
    summary: `sends your text followed by ${SHRUG}`,
    read: (argument) => ({ kind: 'message', text: argument ? `${argument} ${SHRUG}` : SHRUG }),
  },
};

const PRIVATE = /^@([^\s@]+)\s+([\s\S]*\S[\s\S]*)$/;
const COMMAND = /^\/(\S+)(?:\s+([\s\S]*))?$/;

export function parseComposerText(raw: string): ComposerIntent {
  const text = raw.trim();
  if (text.length === 0) return { kind: 'empty' };
  if (text.startsWith('//')) return { kind: 'message', text: text.slice(1) };
  const command = COMMAND.exec(text);
  if (command) {
    const name = command[1] ?? '';
    const entry = Object.hasOwn(COMMANDS, name.toLowerCase()) ? COMMANDS[name.toLowerCase()] : undefined;
    if (!entry) return { kind: 'unknown', command: name };
    return entry.read((command[2] ?? '').trim()) ?? { kind: 'usage', command: name.toLowerCase(), usage: entry.usage };
  }
  const direct = PRIVATE.exec(text);
  if (direct && USERNAME_PATTERN.test(direct[1] ?? '')) {
    return { kind: 'private', to: direct[1] ?? '', text: (direct[2] ?? '').trim() };
  }
  return { kind: 'message', text };
}

/** What `/help` shows: how to send, then every command. */
export function helpText(): string {
  const commands = Object.values(COMMANDS).map((command) => `${command.usage} ${command.summary}`);
  return [
    'Enter sends, Shift+Enter adds a line. “@name message” sends privately. //text sends text starting with a slash.',
    ...commands,
    'Keys: Ctrl+K (⌘K) goes to a conversation, person or room; Alt+Up/Down the previous or next conversation; Ctrl+Shift+F or / searches messages; Escape closes.',
  ].join(' · ');
}

/** The name being typed after a leading `@`, while no space has followed it yet (for hints). */
export function pendingRecipient(raw: string): string | undefined {
  const match = /^@([A-Za-z0-9_.-]+)(\s|$)/.exec(raw.trimStart());
  return match?.[1];
}
