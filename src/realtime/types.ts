/** The typed Socket.IO server and socket of this app. Client events arrive as unknown until parsed. */
import type { Server, Socket } from 'socket.io';
import type { IncomingEvents, ServerToClientEvents } from '../shared';

export type InterServerEvents = Record<string, never>;

export type SocketData = {
  userId: string;
  username: string;
  sessionId: string;
};

export type ChatServer = Server<IncomingEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ChatSocket = Socket<IncomingEvents, ServerToClientEvents, InterServerEvents, SocketData>;
