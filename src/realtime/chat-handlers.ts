/**
 * The client events of docs/protocol.md, each parsed with its shared schema and handed to the Engine.
 * The listeners are built once per server and shared by every socket: each call reads its actor
 * from the socket it arrived on, so an idle socket holds no closures of its own.
 */
import type { Logger } from 'pino';
import type { Engine } from '../chat/engine';
import type { Metrics } from '../chat/metrics';
import {
  channelRefSchema,
  chatHistorySchema,
  chatMessageSchema,
  createRoomSchema,
  deleteMessageSchema,
  editMessageSchema,
  findUsersSchema,
  inviteToRoomSchema,
  listRoomsSchema,
  markReadSchema,
  noPayloadSchema,
  reactSchema,
  searchMessagesSchema,
  setNicknameSchema,
} from '../shared';
import { handlerFactory, type Define, type EventHandler } from './ack';
import type { EventLimits } from './event-limits';
import { createPresenceHandlers } from './presence-handlers';

export function createChatHandlers(engine: Engine, limits: EventLimits, logger: Logger, metrics: Metrics): EventHandler[] {
  const define = handlerFactory(logger, metrics);
  return [
    define('channels', {
      schema: noPayloadSchema,
      limit: limits.read,
      run: async (_payload, actor) => ({ channels: await engine.listChannels(actor) }),
    }),
    define('chatHistory', { schema: chatHistorySchema, limit: limits.read, run: (query, actor) => engine.history(actor, query) }),
    define('chatMessage', {
      schema: chatMessageSchema,
      limit: limits.message,
      run: async (command, actor) => ({ message: await engine.sendMessage(actor, command) }),
    }),
    define('typing', {
      schema: channelRefSchema,
      limit: limits.typing,
      run: async ({ channelId }, actor) => {
        await engine.typing(actor, channelId);
        return {};
      },
    }),
    define('doneTyping', {
      schema: channelRefSchema,
      limit: limits.typing,
      run: async ({ channelId }, actor) => {
        await engine.doneTyping(actor, channelId);
        return {};
      },
    }),
    define('markRead', {
      schema: markReadSchema,
      limit: limits.read,
      run: async ({ channelId, messageId }, actor) => {
        await engine.markRead(actor, channelId, messageId);
        return {};
      },
    }),
    define('findUsers', {
      schema: findUsersSchema,
      limit: limits.search,
      run: async ({ query }) => ({ users: await engine.findUsers(query) }),
    }),
    define('searchMessages', {
      schema: searchMessagesSchema,
      limit: limits.search,
      run: (command, actor) => engine.search.search(actor, command),
    }),
    ...roomHandlers(define, engine, limits),
    ...messageActionHandlers(define, engine, limits),
    ...createPresenceHandlers(define, engine, limits),
  ];
}

function messageActionHandlers(define: Define, engine: Engine, limits: EventLimits): EventHandler[] {
  return [
    define('editMessage', {
      schema: editMessageSchema,
      limit: limits.action,
      run: async (command, actor) => ({ message: await engine.actions.edit(actor, command) }),
    }),
    define('deleteMessage', {
      schema: deleteMessageSchema,
      limit: limits.action,
      run: async ({ channelId, messageId }, actor) => {
        await engine.actions.remove(actor, channelId, messageId);
        return {};
      },
    }),
    define('react', {
      schema: reactSchema,
      limit: limits.action,
      run: async (command, actor) => ({ message: await engine.actions.react(actor, command) }),
    }),
  ];
}

function roomHandlers(define: Define, engine: Engine, limits: EventLimits): EventHandler[] {
  return [
    define('setNickname', {
      schema: setNicknameSchema,
      limit: limits.change,
      run: async ({ nickname }, actor) => ({ user: await engine.setNickname(actor, nickname) }),
    }),
    define('createRoom', {
      schema: createRoomSchema,
      limit: limits.change,
      run: async (input, actor) => ({ channel: await engine.rooms.create(actor, input) }),
    }),
    define('listRooms', {
      schema: listRoomsSchema,
      limit: limits.search,
      run: async ({ query }) => ({ channels: await engine.rooms.list(query) }),
    }),
    define('joinRoom', {
      schema: channelRefSchema,
      limit: limits.change,
      run: async ({ channelId }, actor) => ({ channel: await engine.rooms.join(actor, channelId) }),
    }),
    define('inviteToRoom', {
      schema: inviteToRoomSchema,
      limit: limits.change,
      run: async ({ channelId, username }, actor) => ({ channel: await engine.rooms.invite(actor, channelId, username) }),
    }),
    define('leaveRoom', {
      schema: channelRefSchema,
      limit: limits.change,
      run: async ({ channelId }, actor) => {
        await engine.rooms.leave(actor, channelId);
        return {};
      },
    }),
  ];
}
