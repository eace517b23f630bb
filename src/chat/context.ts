/**
 * What the Engine's collaborators (Rooms, TypingTracker) share with it: the stores, the channel
 * cache, the clock, the one way out for events and the one place best-effort failures are logged.
 * They are handed this object, not callbacks back into the Engine.
 */
import type { ChannelAccess } from './channel-access';
import type { ChatEvent } from './events';
import type { ChannelStore, Clock, UserStore } from './ports';

export type ChatContext = {
  readonly users: UserStore;
  readonly channels: ChannelStore;
  readonly access: ChannelAccess;
  readonly clock: Clock;
  /** Reports what happened to the Engine's subscribers. */
  emit(event: ChatEvent): void;
  /** Work nobody waits for (announcements, timers) failed: logged, never thrown. */
  failed(error: unknown, what: string): void;
};
