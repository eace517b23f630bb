/** Socket.IO room names: one per user (all their tabs), one per session (logout), one per room channel. */
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const channelRoom = (channelId: string) => `channel:${channelId}`;
