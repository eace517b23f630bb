/** The client events of PROTOCOL.md, each parsed with its shared schema and handed to the Engine. */
import type { Logger } from 'pino';
import type { Engine } from '../chat/engine';
import type { Actor } from '../chat/events';
import {
  channelRefSchema,
  chatHistorySchema,
  chatMessageSchema,
  createRoomSchema,
  findUsersSchema,
  inviteToRoomSchema,
  listRoomsSchema,
  markReadSchema,
  noPayloadSchema,
  setNicknameSchema,
} from '../shared';
import { eventRegistrar, type Register } from './ack';
import type { EventLimits } from './event-limits';
import type { ChatSocket } from './types';

export function registerChatHandlers(socket: ChatSocket, engine: Engine, limits: EventLimits, logger: Logger): void {
  const actor: Actor = { id: socket.data.userId, username: socket.data.username };
  const on = eventRegistrar(socket, logger);

  on('channels', {
    schema: noPayloadSchema,
    limit: limits.read,
    run: async () => ({ channels: await engine.listChannels(actor) }),
  });
  on('chatHistory', { schema: chatHistorySchema, limit: limits.read, run: (query) => engine.history(actor, query) });
  on('chatMessage', {
    schema: chatMessageSchema,
    limit: limits.message,
    run: async (command) => ({ message: await engine.sendMessage(actor, command) }),
  });
  on('typing', {
    schema: channelRefSchema,
    limit: limits.typing,
    run: async ({ channelId }) => {
      await engine.typing(actor, channelId);
      return {};
    },
  });
  on('doneTyping', {
    schema: channelRefSchema,
    limit: limits.typing,
    run: async ({ channelId }) => {
      await engine.doneTyping(actor, channelId);
      return {};
    },
  });
  on('markRead', {
    schema: markReadSchema,
    limit: limits.read,
    run: async ({ channelId, messageId }) => {
      await engine.markRead(actor, channelId, messageId);
      return {};
    },
  });
  on('findUsers', {
    schema: findUsersSchema,
    limit: limits.search,
    run: async ({ query }) => ({ users: await engine.findUsers(query) }),
  });
  registerRoomHandlers(on, engine, limits, actor);
}

function registerRoomHandlers(on: Register, engine: Engine, limits: EventLimits, actor: Actor): void {
  on('setNickname', {
    schema: setNicknameSchema,
    limit: limits.change,
    run: async ({ nickname }) => ({ user: await engine.setNickname(actor, nickname) }),
  });
  on('createRoom', {
    schema: createRoomSchema,
    limit: limits.change,
    run: async (input) => ({ channel: await engine.rooms.create(actor, input) }),
  });
  on('listRooms', {
    schema: listRoomsSchema,
    limit: limits.search,
    run: async ({ query }) => ({ channels: await engine.rooms.list(query) }),
  });
  on('joinRoom', {
    schema: channelRefSchema,
    limit: limits.change,
    run: async ({ channelId }) => ({ channel: await engine.rooms.join(actor, channelId) }),
  });
  on('inviteToRoom', {
    schema: inviteToRoomSchema,
    limit: limits.change,
    run: async ({ channelId, username }) => ({ channel: await engine.rooms.invite(actor, channelId, username) }),
  });
  on('leaveRoom', {
    schema: channelRefSchema,
    limit: limits.change,
    run: async ({ channelId }) => {
      await engine.rooms.leave(actor, channelId);
      return {};
    },
  });
}
