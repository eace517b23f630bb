/** Fixed numbers of the wire contract (docs/protocol.md). Server, client and tests read them here. */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMinBytes: 8,
  /** bcrypt reads at most 72 bytes: longer passwords are refused, never silently cut. */
  passwordMaxBytes: 72,
  messageMaxCodePoints: 4000,
  clientIdMax: 64,
  channelIdMax: 64,
  historyDefault: 10,
  historyMax: 50,
  /** Room events (joins, invitations, leaves) sent with one page of history, at most: the newest of its span. */
  roomEventsPerPage: 200,
  findUsersQueryMax: 32,
  findUsersResults: 20,
  nicknameMax: 32,
  roomNameMax: 64,
  roomQueryMax: 64,
  roomInviteMax: 100,
  /** `listRooms` answers with at most this many rooms (type more of a name to narrow them). */
  roomsListed: 100,
  /** Above this many registered users, a new socket's `updateUsers` lists only online users and partners. */
  fullUserListMax: 500,
  /** On a large site (more than `fullUserListMax` users), `updateUsers` lists at most this many. */
  largeSiteUserListMax: 1000,
  /** On a large site, rooms of at most this many members share their members' presence. */
  presenceRoomMaxMembers: 500,
  /** `watchPresence`: names in one call (each call replaces the socket's watched set). */
  watchPresenceMax: 200,
  /** The server ends a typing notice this long after the last `typing`. */
  typingTimeoutMs: 5000,
  /** A reply's quote is the first this many code points of the message replied to. */
  replyQuoteMax: 200,
  /** Different emoji on one message. */
  reactionsMaxEmoji: 20,
  /** `emoji` payloads longer than this (UTF-16 units) are refused before the regex runs. */
  emojiMaxLength: 64,
  /** Edits, deletes and reactions share one per-user allowance: per second, sustained and burst. */
  actionRate: 10,
  actionBurst: 30,
  /** Attachments on one message. */
  attachmentsMax: 10,
  /** An attachment's file name, in code points. */
  attachmentNameMax: 255,
  /** `searchMessages`: the query's length in code points, the shortest term that counts, page sizes. */
  searchQueryMax: 100,
  searchTermMin: 3,
  searchDefault: 20,
  searchMax: 50,
} as const;

/** The same-site path an attachment is served at: its id, then its name (for the browser's sake). */
export function attachmentUrl(id: string, name: string): string {
  return `/attachments/${encodeURIComponent(id)}/${encodeURIComponent(name)}`;
}

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Length in Unicode code points, the unit every text limit of the contract is counted in. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
