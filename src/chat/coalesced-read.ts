/**
 * One read shared by the callers that ask while it is under way: a connect storm on a small site
 * reads the user list once per round instead of once per socket (issue 15). A caller never gets a
 * read that started before it asked (it would miss a change it may already have seen acknowledged):
 * callers arriving during a read share the next one, which starts when that read ends.
 */
export class CoalescedRead<T> {
  private running: Promise<T> | undefined;
  private queued: Promise<T> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<T> {
    const reading = this.read().finally(() => {
      if (this.running === reading) this.running = undefined;
    });
    this.running = reading;
    return reading;
  }
}
