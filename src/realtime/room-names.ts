/**
 * Socket.IO room names: one per user (all their tabs), one per session (logout), one per room
 * channel, and one per user whose presence sockets watch (`watchPresence`).
 */
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const channelRoom = (channelId: string) => `channel:${channelId}`;
export const watchRoom = (userId: string) => `watch:${userId}`;
