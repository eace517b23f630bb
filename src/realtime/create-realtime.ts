/**
 * The Socket.IO server on the app's http.Server: the express-session middleware authenticates
 * every handshake, the Origin is checked on every engine request (handshake and upgrade alike),
 * handshakes are counted per user (or per address without a session) and sockets per user, sockets join their user, session and
 * room rooms, and Engine events are delivered to rooms.
 */
import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Adapter } from 'socket.io-adapter';
import type { RequestHandler } from 'express';
import type { Store as SessionStore } from 'express-session';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Engine } from '../chat/engine';
import type { Metrics } from '../chat/metrics';
import type { Config } from '../config';
import { actorOf, attachHandlers } from './ack';
import { createChatHandlers } from './chat-handlers';
import { deliver } from './delivery';
import { catchPublishFailures } from './adapter-publish';
import { reconnectSocketsAfterSubscriberLoss } from './adapter-recovery';
import { limitSocketsPerUser, overLimit, throttleHandshakes } from './connection-limits';
import { endAllForRestart, endForRestart } from './end-connections';
import { createEventLimits } from './event-limits';
import { isOriginAllowed } from './origin';
import { channelRoom, sessionRoom, userRoom } from './room-names';
import { guardSession } from './session-guard';
import { slicedBroadcasts } from './sliced-broadcast';
import { authenticateHandshake, onlyForHandshake, type EngineMiddleware } from './handshake';
import type { ChatServer, ChatSocket } from './types';

export type RealtimeDeps = {
  config: Config;
  logger: Logger;
  engine: Engine;
  httpServer: http.Server;
  sessionMiddleware: RequestHandler;
  sessionStore: SessionStore;
  redis: Redis | undefined;
  redisPrefix: string;
  metrics: Metrics;
};

export type Realtime = {
  io: ChatServer;
  /** Disconnects every socket of a session, on every process. */
  disconnectSession(sessionId: string): void;
  /**
   * Ends this process's connections by closing their transports, never with a Socket.IO disconnect,
   * so clients reconnect by themselves (to another process if there is one, else here once the
   * server is back); announces who went offline; closes.
   */
  close(): Promise<void>;
};

/** Payloads are small: the longest message is 4,000 code points. */
const MAX_HTTP_BUFFER_SIZE = 64 * 1024;

export function createRealtime(deps: RealtimeDeps): Realtime {
  const { config, logger, engine } = deps;
  const originPolicy = { publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins, trustProxy: config.trustProxy };
  let closing = false;
  const io: ChatServer = new Server(deps.httpServer, {
    maxHttpBufferSize: MAX_HTTP_BUFFER_SIZE,
    // No new sessions once closing: a page could reconnect through a connection still open.
    allowRequest: (req, callback) => callback(null, !closing && isOriginAllowed(req, originPolicy)),
  });

  const originGuard: EngineMiddleware = (req, _res, next) =>
    isOriginAllowed(req, originPolicy) ? next() : next(new Error('origin not allowed'));
  io.engine.use(originGuard);
  // The session before the count: a handshake with a valid session is counted per user, not per address.
  io.engine.use(onlyForHandshake(deps.sessionMiddleware));
  io.engine.use(
    throttleHandshakes({
      rate: config.handshakeRate,
      burst: config.handshakeBurst,
      trustProxy: config.trustProxy,
      redis: deps.redis,
      redisPrefix: deps.redisPrefix,
      logger,
      metrics: deps.metrics,
    }),
  );
  io.use(authenticateHandshake);
  io.use(limitSocketsPerUser(engine, config.socketsPerUser, logger));

  const subClient = deps.redis?.duplicate();
  const pubClient = deps.redis && catchPublishFailures(deps.redis.duplicate(), logger);
  // ioredis reconnects by itself; without a listener an outage would be an uncaught 'error'.
  for (const client of [pubClient, subClient])
    client?.on('error', (error: Error) => logger.warn({ err: error }, 'Socket.IO adapter Redis error'));
  if (pubClient && subClient) {
    io.adapter(slicedBroadcasts(createAdapter(pubClient, subClient, { key: `${deps.redisPrefix}socket.io` })));
    reconnectSocketsAfterSubscriberLoss(subClient, io, logger);
  } else io.adapter(slicedBroadcasts(Adapter));

  const limits = createEventLimits({
    messageRate: config.messageRate,
    messageBurst: config.messageBurst,
    redis: deps.redis,
    redisPrefix: deps.redisPrefix,
    metrics: deps.metrics,
  });
  deps.metrics.watch({
    sockets: () => io.of('/').sockets.size,
    users: () => new Set(Array.from(io.of('/').sockets.values(), (socket) => socket.data.userId)).size,
  });
  const unsubscribe = engine.subscribe((event) => deliver(io, event));
  // Built once and shared: a socket holds references to these, not closures of its own.
  const chatHandlers = createChatHandlers(engine, limits, logger, deps.metrics);
  function onDisconnect(this: ChatSocket): void {
    engine
      .disconnect(actorOf(this), this.id)
      .catch((error: unknown) => logger.warn({ err: error }, 'disconnect bookkeeping failed'));
  }

  io.on('connection', (socket: ChatSocket) => void onConnection(socket));

  async function onConnection(socket: ChatSocket): Promise<void> {
    if (closing) {
      // Its handshake finished after presence was handed over: it would be counted online here.
      void endForRestart(socket);
      return;
    }
    const { userId, sessionId } = socket.data;
    const actor = actorOf(socket);
    attachHandlers(socket, chatHandlers);
    guardSession(socket, deps.sessionStore);
    socket.on('disconnect', onDisconnect);
    try {
      // The user's room before their room ids are read: a membership change from then on reaches
      // this socket too (as socketsJoin), so a room joined meanwhile is not missed.
      await socket.join([userRoom(userId), sessionRoom(sessionId)]);
      const { users, roomIds } = await engine.connect(actor, socket.id);
      await socket.join(roomIds.map(channelRoom));
      if (roomIds.length > 0) {
        // A room left between that read and the join would stay joined: read again, leave what is gone.
        const current = new Set(await engine.roomIds(actor));
        for (const id of roomIds) if (!current.has(id)) await socket.leave(channelRoom(id));
      }
      if (await overLimit(engine, userId, config.socketsPerUser)) {
        // Handshakes that raced past limitSocketsPerUser together: the surplus goes.
        socket.disconnect(true);
        return;
      }
      socket.emit('updateUsers', users);
    } catch (error) {
      // A store away for a moment (Redis, MySQL): the transport is closed, not the socket
      // disconnected, so that the client tries again by itself rather than giving up for good.
      logger.warn({ err: error }, 'could not set up a socket; closing its connection');
      void endForRestart(socket);
    }
  }

  return {
    io,
    disconnectSession(sessionId) {
      io.in(sessionRoom(sessionId)).disconnectSockets(true);
    },
    async close() {
      closing = true;
      // This process's sockets only, and their presence handed over while the adapter still carries
      // the notices. Their transports close; the clients are not told to stay away.
      const transportsClosed = endAllForRestart(io.of('/').sockets.values());
      await engine.leave();
      // Queued packets (acks) reach long-polling clients with their next poll, before the cut below.
      await transportsClosed;
      unsubscribe();
      // Socket.IO's close waits for the HTTP server to drain, and Node keeps serving requests on
      // connections that were busy when it stopped listening: end them, so nothing holds it open.
      deps.httpServer.closeAllConnections();
      await io.close();
      await Promise.allSettled([pubClient?.quit(), subClient?.quit()]);
    },
  };
}
