/**
 * Every refusal shown on the page, in sentences written for people. The server's ack carries a
 * code and a `message` meant for developers ("Invalid payload: nickname: …"); the page shows
 * neither: what was being done (the context) and the code pick the sentence here.
 */
import type { ErrorCode } from '../shared/types';

export type ErrorContext =
  | 'nickname'
  | 'send'
  | 'join'
  | 'leave'
  | 'invite'
  | 'createRoom'
  | 'searchRooms'
  | 'findUsers'
  | 'history'
  | 'olderHistory'
  | 'openDirect'
  | 'react'
  | 'edit'
  | 'delete'
  | 'find';

const TRY_AGAIN = 'Check your connection and try again.';
const TOO_MANY_CHANGES = 'Too many changes at once: wait a moment and try again.';

const SENTENCES: Record<ErrorContext, Partial<Record<ErrorCode, string>> & { fallback: string }> = {
  nickname: {
    // The page checks length and characters first (names.ts): what the server still refuses is a
    // nickname that reads as someone else's username.
    invalid: 'That nickname reads as someone else’s username: choose another, so no one mistakes you for them.',
    rate_limited: 'You changed your nickname too often: wait a moment and try again.',
    fallback: `Your nickname was not changed. ${TRY_AGAIN}`,
  },
  send: {
    not_found: 'There is no one by that name.',
    forbidden: 'You are not a member of this conversation any more.',
    invalid: 'That message cannot be sent: it is empty or too long.',
    rate_limited: 'You are sending too fast: wait a moment and try again.',
    fallback: `The server did not take it. ${TRY_AGAIN}`,
  },
  join: {
    not_found: 'That room no longer exists.',
    forbidden: 'That room is private: ask one of its members to invite you.',
    fallback: `You could not join the room. ${TRY_AGAIN}`,
  },
  leave: {
    not_found: 'That room no longer exists.',
    forbidden: 'You are not a member of that room.',
    invalid: 'You can only leave rooms.',
    fallback: `You could not leave the room. ${TRY_AGAIN}`,
  },
  invite: {
    not_found: 'There is no one with that username.',
    forbidden: 'Only members of this room can invite people to it.',
    invalid: 'That person cannot be added to this room.',
    fallback: `No one was invited. ${TRY_AGAIN}`,
  },
  createRoom: {
    not_found: 'Someone on the member list has no account here: check the usernames.',
    invalid: 'There is already a public room with that name: join it from Find rooms, or choose another name.',
    fallback: `The room was not created. ${TRY_AGAIN}`,
  },
  searchRooms: { fallback: `The rooms could not be searched. ${TRY_AGAIN}` },
  findUsers: { fallback: `People could not be searched. ${TRY_AGAIN}` },
  history: {
    forbidden: 'You are not a member of this conversation any more.',
    not_found: 'This conversation no longer exists.',
    fallback: `The messages could not be loaded. ${TRY_AGAIN}`,
  },
  olderHistory: {
    forbidden: 'You are not a member of this conversation any more.',
    fallback: `Older messages could not be loaded. ${TRY_AGAIN}`,
  },
  openDirect: {
    not_found: 'There is no one with that username.',
    invalid: 'That is not a username.',
    fallback: `The conversation could not be opened. ${TRY_AGAIN}`,
  },
  react: {
    forbidden: 'You are not a member of this conversation any more.',
    rate_limited: TOO_MANY_CHANGES,
    invalid: 'That reaction cannot be added to this message.',
    not_found: 'That message is no longer in this conversation.',
    fallback: `The reaction was not saved. ${TRY_AGAIN}`,
  },
  edit: {
    rate_limited: TOO_MANY_CHANGES,
    forbidden: 'You can only edit your own messages.',
    not_found: 'That message is no longer in this conversation.',
    invalid: 'That message cannot be edited: it was deleted, or the new text is too long.',
    fallback: `The message was not changed. ${TRY_AGAIN}`,
  },
  delete: {
    rate_limited: TOO_MANY_CHANGES,
    forbidden: 'You can only delete your own messages.',
    not_found: 'That message is no longer in this conversation.',
    invalid: 'That message cannot be changed any more.',
    fallback: `The message was not deleted. ${TRY_AGAIN}`,
  },
  find: {
    not_found: 'That message is no longer in this conversation.',
    fallback: `The message could not be found. ${TRY_AGAIN}`,
  },
};

const RATE_LIMITED = 'Too many requests at once: wait a moment and try again.';

/** The sentence for a refusal of `context` with `code`; never the server's own text. */
export function describeError(context: ErrorContext, code: ErrorCode): string {
  const sentences = SENTENCES[context];
  return sentences[code] ?? (code === 'rate_limited' ? RATE_LIMITED : sentences.fallback);
}
