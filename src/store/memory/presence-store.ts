/**
 * PresenceStore for one process (embedded mode): user id → their socket ids. The store lives and
 * dies with the only process there is, so there is never a dead process to sweep.
 */
import type { GoneUser, PresenceStore } from '../../chat/ports';

export class MemoryPresenceStore implements PresenceStore {
  private readonly sockets = new Map<string, Set<string>>();
  private beating = false;

  async addSocket(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.sockets.get(userId) ?? new Set<string>();
    this.sockets.set(userId, sockets);
    const before = sockets.size;
    sockets.add(socketId);
    return before === 0 && sockets.size === 1;
  }

  async removeSocket(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.sockets.get(userId);
    if (!sockets?.delete(socketId)) return false;
    if (sockets.size > 0) return false;
    this.sockets.delete(userId);
    return true;
  }

  async isOnline(userId: string): Promise<boolean> {
    return this.sockets.has(userId);
  }

  async onlineUserIds(): Promise<string[]> {
    return [...this.sockets.keys()];
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }

  async socketCount(userId: string): Promise<number> {
    return this.sockets.get(userId)?.size ?? 0;
  }

  async heartbeat(): Promise<boolean> {
    const first = !this.beating;
    this.beating = true;
    return first;
  }

  async sweep(): Promise<GoneUser[]> {
    return [];
  }

  async leave(): Promise<GoneUser[]> {
    this.beating = false;
    return [];
  }
}
