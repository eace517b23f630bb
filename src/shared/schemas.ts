/**
 * Run-time checks for every client-to-server payload. The TypeScript types check nothing once a
 * payload arrives over the wire, so each handler parses with these first. Unknown keys are dropped.
 */
import { z } from 'zod';
import { isSingleEmoji } from './emoji';
import { LIMITS, codePointLength } from './limits';
import { searchTerms } from './search';

/** Trimmed text whose length, in code points, lies within [min, max]. */
export function boundedText(min: number, max: number) {
  return z
    .string()
    .max(max * 4 + 1024) // cheap guard before trimming a huge string
    .transform((text) => text.trim())
    .refine((text) => {
      const length = codePointLength(text);
      return length >= min && length <= max;
    }, `must be ${min}–${max} characters`);
}

const CONTROL_CHARACTERS = /\p{Cc}/u;

export const channelIdSchema = z.string().min(1).max(LIMITS.channelIdMax);

/** A message id or paging cursor: a non-negative decimal integer, as a string or a safe integer. */
export const messageIdSchema = z
  .union([z.string().regex(/^\d{1,18}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((id) => String(BigInt(id)));

/** A username as a client names another user; whether it exists is the Engine's question. */
export const usernameRefSchema = z.string().trim().min(1).max(LIMITS.usernameMax);

export const clientIdSchema = z.string().min(1).max(LIMITS.clientIdMax);

export const channelRefSchema = z.object({ channelId: channelIdSchema });

const limitSchema = z.number().int().min(1).max(LIMITS.historyMax);

export const chatHistorySchema = z.union([
  z.object({ with: usernameRefSchema, limit: limitSchema.optional() }),
  z
    .object({
      channelId: channelIdSchema,
      before: messageIdSchema.optional(),
      after: messageIdSchema.optional(),
      limit: limitSchema.optional(),
    })
    .refine((query) => query.before === undefined || query.after === undefined, 'before and after together'),
]);

const messageTextSchema = boundedText(1, LIMITS.messageMaxCodePoints);

/** An attachment id as uploads answer it: random URL-safe text. */
export const attachmentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);

const attachmentIdsSchema = z
  .array(attachmentIdSchema)
  .min(1)
  .max(LIMITS.attachmentsMax)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an attachment');

/** With attachments a message's text may be empty; without, it needs 1 code point or more. */
const sentTextSchema = boundedText(0, LIMITS.messageMaxCodePoints);
const textOrAttachments = (message: { text: string; attachments?: string[] }) =>
  message.text.length > 0 || (message.attachments?.length ?? 0) > 0;

export const chatMessageSchema = z
  .union([
    z.object({
      channelId: channelIdSchema,
      text: sentTextSchema,
      clientId: clientIdSchema.optional(),
      replyTo: messageIdSchema.optional(),
      attachments: attachmentIdsSchema.optional(),
    }),
    z.object({
      to: z.union([z.null(), z.literal(''), usernameRefSchema]),
      text: sentTextSchema,
      clientId: clientIdSchema.optional(),
      replyTo: messageIdSchema.optional(),
      attachments: attachmentIdsSchema.optional(),
    }),
  ])
  .refine(textOrAttachments, { message: 'must be 1–4000 characters', path: ['text'] });

export const messageRefSchema = z.object({ channelId: channelIdSchema, messageId: messageIdSchema });

export const editMessageSchema = z.object({
  channelId: channelIdSchema,
  messageId: messageIdSchema,
  text: messageTextSchema,
});

export const deleteMessageSchema = messageRefSchema;

export const reactSchema = z.object({
  channelId: channelIdSchema,
  messageId: messageIdSchema,
  emoji: z.string().max(LIMITS.emojiMaxLength).refine(isSingleEmoji, 'must be exactly one emoji'),
  on: z.boolean().optional(),
});

export const searchMessagesSchema = z.object({
  query: boundedText(1, LIMITS.searchQueryMax).refine(
    (query) => searchTerms(query).length > 0,
    `must hold a term of at least ${LIMITS.searchTermMin} characters`,
  ),
  channelId: channelIdSchema.optional(),
  before: messageIdSchema.optional(),
  limit: z.number().int().min(1).max(LIMITS.searchMax).optional(),
});

export const markReadSchema = z.object({ channelId: channelIdSchema, messageId: messageIdSchema });

export const watchPresenceSchema = z.object({
  usernames: z.array(usernameRefSchema).max(LIMITS.watchPresenceMax),
});

export const findUsersSchema = z.object({ query: boundedText(1, LIMITS.findUsersQueryMax) });

export const nicknameSchema = boundedText(1, LIMITS.nicknameMax).refine(
  (name) => !CONTROL_CHARACTERS.test(name),
  'must not contain control characters',
);

export const setNicknameSchema = z.object({ nickname: z.union([z.null(), nicknameSchema]) });

export const roomNameSchema = boundedText(1, LIMITS.roomNameMax).refine(
  (name) => !CONTROL_CHARACTERS.test(name),
  'must not contain control characters',
);

export const createRoomSchema = z.object({
  name: roomNameSchema,
  private: z.boolean().optional(),
  members: z.array(usernameRefSchema).max(LIMITS.roomInviteMax).optional(),
});

export const listRoomsSchema = z
  .object({ query: z.string().max(LIMITS.roomQueryMax).optional() })
  .optional()
  .transform((payload) => ({ query: payload?.query?.trim() ?? '' }));

export const inviteToRoomSchema = z.object({ channelId: channelIdSchema, username: usernameRefSchema });

/** Payloads of events that carry none: anything (or nothing) is accepted and ignored. */
export const noPayloadSchema = z.unknown().transform(() => ({}));

export type ChatHistoryPayload = z.input<typeof chatHistorySchema>;
export type ChatHistoryQuery = z.output<typeof chatHistorySchema>;
export type ChatMessagePayload = z.input<typeof chatMessageSchema>;
export type ChatMessageCommand = z.output<typeof chatMessageSchema>;
export type ChannelRef = z.input<typeof channelRefSchema>;
export type MessageRef = z.input<typeof messageRefSchema>;
export type EditMessagePayload = z.input<typeof editMessageSchema>;
export type EditMessageCommand = z.output<typeof editMessageSchema>;
export type DeleteMessagePayload = z.input<typeof deleteMessageSchema>;
export type ReactPayload = z.input<typeof reactSchema>;
export type ReactCommand = z.output<typeof reactSchema>;
export type SearchMessagesPayload = z.input<typeof searchMessagesSchema>;
export type SearchMessagesCommand = z.output<typeof searchMessagesSchema>;
export type MarkReadPayload = z.input<typeof markReadSchema>;
export type FindUsersPayload = z.input<typeof findUsersSchema>;
export type WatchPresencePayload = z.input<typeof watchPresenceSchema>;
export type SetNicknamePayload = z.input<typeof setNicknameSchema>;
export type CreateRoomPayload = z.input<typeof createRoomSchema>;
export type ListRoomsPayload = z.input<typeof listRoomsSchema>;
export type InviteToRoomPayload = z.input<typeof inviteToRoomSchema>;
