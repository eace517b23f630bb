/**
 * A user's sessions as the account page shows them, and ending all but one of them (a password
 * change, "Sign out other sessions"). The index says which sessions a user has; each is loaded
 * from the session store, the authority, and ids whose session is gone are dropped from the index.
 */
import type { SessionData, Store as SessionStore } from 'express-session';
import type { Logger } from 'pino';
import type { SessionIndex } from '../chat/ports';
import { StoreUnavailableError } from '../chat/errors';
import { announceSessionEnded, type SessionEndedListener } from './current-account';
import { describeDevice } from './device-name';
import { REQUEST_DEADLINE_MS } from './request-deadline';

/**
 * A request of an ended session that was under way when it was destroyed saves the session again
 * as it answers (express-session), which would bring it back. Every request answers within the
 * deadline, so a second pass a little later ends whatever came back.
 */
export const RESWEEP_AFTER_MS = REQUEST_DEADLINE_MS + 5_000;

export type SessionSummary = {
  current: boolean;
  device: string;
  address: string;
  /** Epoch ms, or null when the session predates the record. */
  lastSeenAt: number | null;
};

export type UserSessionsDeps = {
  store: SessionStore;
  index: SessionIndex;
  onSessionEnded: SessionEndedListener;
  logger: Logger;
  /** Default RESWEEP_AFTER_MS; tests shorten it. */
  resweepAfterMs?: number;
};

export class UserSessions {
  constructor(private readonly deps: UserSessionsDeps) {}

  /** The user's live sessions, this one first, then the most recently used. */
  async list(userId: string, currentId: string): Promise<SessionSummary[]> {
    const live = await this.live(userId);
    const summaries = live.map(([id, data]) => ({
      current: id === currentId,
      device: describeDevice(data.userAgent),
      address: typeof data.address === 'string' && data.address !== '' ? shownAddress(data.address) : 'Unknown address',
      lastSeenAt: typeof data.lastSeenAt === 'number' ? data.lastSeenAt : null,
    }));
    return summaries.sort((a, b) => Number(b.current) - Number(a.current) || (b.lastSeenAt ?? 0) - (a.lastSeenAt ?? 0));
  }

  /**
   * Destroys every session of the user but `keepId` and disconnects their sockets (on every
   * process: the listener goes through the Socket.IO adapter). Answers how many ended.
   */
  async endOthers(userId: string, keepId: string): Promise<number> {
    const others = (await this.deps.index.sessionIdsOf(userId)).filter((id) => id !== keepId);
    await this.end(userId, others);
    if (others.length > 0) {
      const timer = setTimeout(() => void this.resweep(userId, others), this.deps.resweepAfterMs ?? RESWEEP_AFTER_MS);
      timer.unref();
    }
    return others.length;
  }

  private async end(userId: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      await this.destroy(id);
      announceSessionEnded(this.deps.onSessionEnded, id, this.deps.logger);
    }
    await this.deps.index.forget(userId, ids);
  }

  /** Ends again those of `ids` that a late save brought back. */
  private async resweep(userId: string, ids: readonly string[]): Promise<void> {
    try {
      const back: string[] = [];
      for (const id of ids) if ((await this.load(id))?.userId === userId) back.push(id);
      if (back.length > 0)
        this.deps.logger.warn({ userId, sessions: back.length }, 'ended sessions came back; ending them again');
      await this.end(userId, back);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not re-check ended sessions');
    }
  }

  private async live(userId: string): Promise<Array<[string, Partial<SessionData>]>> {
    const ids = await this.deps.index.sessionIdsOf(userId);
    const loaded = await Promise.all(ids.map(async (id) => [id, await this.load(id)] as const));
    const live: Array<[string, Partial<SessionData>]> = [];
    const gone: string[] = [];
    for (const [id, data] of loaded) {
      if (data?.userId === userId) live.push([id, data]);
      else gone.push(id);
    }
    await this.deps.index.forget(userId, gone);
    return live;
  }

  private load(id: string): Promise<Partial<SessionData> | null | undefined> {
    return new Promise((resolve, reject) =>
      this.deps.store.get(id, (error, data) => (error ? reject(unavailable(error)) : resolve(data))),
    );
  }

  private destroy(id: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.deps.store.destroy(id, (error?: unknown) => (error ? reject(unavailable(error)) : resolve())),
    );
  }
}

function unavailable(error: unknown): Error {
  return error instanceof StoreUnavailableError
    ? error
    : new StoreUnavailableError('session store unavailable', { cause: error });
}

/** An IPv4 address as the dual-stack socket reports it (`::ffff:127.0.0.1`) is shown as people know it. */
function shownAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice('::ffff:'.length) : address;
}
