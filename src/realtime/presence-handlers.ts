/**
 * `watchPresence`: a socket asks to hear the presence of up to 200 users (whom its page shows),
 * replacing what it watched before. Watching is joining the watched users' watch rooms, which a
 * large site's `userStatus` is sent to (delivery.ts); rooms are per socket, so with the Redis
 * adapter a change on any process reaches the watcher on its own.
 */
import type { Engine } from '../chat/engine';
import { watchPresenceSchema } from '../shared';
import type { Define, EventHandler } from './ack';
import type { EventLimits } from './event-limits';
import { watchRoom } from './room-names';
import type { ChatSocket } from './types';

const WATCH_PREFIX = watchRoom('');

/** Leaves the socket's watch rooms not in `userIds` and joins the missing ones. */
async function watchOnly(socket: ChatSocket, userIds: readonly string[]): Promise<void> {
  const wanted = new Set(userIds.map(watchRoom));
  for (const room of socket.rooms) {
    if (room.startsWith(WATCH_PREFIX) && !wanted.has(room)) await socket.leave(room);
  }
  await socket.join([...wanted]);
}

/** Each socket's last `watchPresence`: calls on one socket run one after another, so the last one sent wins. */
const previousWatch = new WeakMap<ChatSocket, Promise<unknown>>();

function oneAtATime<T>(socket: ChatSocket, work: () => Promise<T>): Promise<T> {
  const result = (previousWatch.get(socket) ?? Promise.resolve()).then(work, work);
  previousWatch.set(socket, result);
  return result;
}

export function createPresenceHandlers(define: Define, engine: Engine, limits: EventLimits): EventHandler[] {
  return [
    define('watchPresence', {
      schema: watchPresenceSchema,
      limit: limits.search,
      run: async ({ usernames }, _actor, socket) => {
        const users = await oneAtATime(socket, () => engine.watchPresence(usernames, (userIds) => watchOnly(socket, userIds)));
        return { users };
      },
    }),
  ];
}
