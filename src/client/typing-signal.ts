/**
 * Tells the others that the user is typing, without one event per keystroke: `typing` at most
 * once per throttle interval while keys come, `doneTyping` once the keys stop for a while, when
 * the message is sent, or when the user moves to another conversation.
 */
export type TypingSignalOptions = {
  send(event: 'typing' | 'doneTyping', channelId: string): void;
  throttleMs?: number;
  idleMs?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
};

export class TypingSignal {
  private channelId: string | undefined;
  private lastSent = -Infinity;
  private timer: unknown;
  private readonly throttleMs: number;
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: TypingSignalOptions) {
    this.throttleMs = options.throttleMs ?? 1500;
    this.idleMs = options.idleMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    // The default timers are the ones setTimer above made.
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** A keystroke that leaves text in the composer of `channelId`. */
  keystroke(channelId: string): void {
    if (this.channelId !== undefined && this.channelId !== channelId) this.stop();
    const now = this.now();
    if (this.channelId === undefined || now - this.lastSent >= this.throttleMs) {
      this.channelId = channelId;
      this.lastSent = now;
      this.options.send('typing', channelId);
    }
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => this.stop(), this.idleMs);
  }

  /** Ends the notice now (sent, emptied, switched away, idle). Does nothing when not typing. */
  stop(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    if (this.channelId === undefined) return;
    const channelId = this.channelId;
    this.channelId = undefined;
    this.lastSent = -Infinity;
    this.options.send('doneTyping', channelId);
  }
}
