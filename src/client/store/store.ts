/**
 * The client's store: the state, the reducer that alone changes it, and one subscriber that hears
 * about each batch of changes. `dispatch` applies an action at once (so the next line reads the
 * new state) and schedules one notification for everything dispatched in the same task.
 */
import type { Action } from './actions';
import { reduce } from './reducer';
import type { ChatState, ReadonlyChatState } from './state';

export type Subscriber = (actions: readonly Action[]) => void;

export class Store {
  private subscriber: Subscriber | undefined;
  private batch: Action[] = [];

  constructor(
    private readonly current: ChatState,
    // Wrapped: the browser's queueMicrotask throws "Illegal invocation" when called as a method.
    private readonly schedule: (flush: () => void) => void = (flush) => queueMicrotask(flush),
  ) {}

  get state(): ReadonlyChatState {
    return this.current;
  }

  /** The one subscriber: the page's render. */
  subscribe(subscriber: Subscriber): void {
    if (this.subscriber) throw new Error('The store has one subscriber');
    this.subscriber = subscriber;
  }

  dispatch(action: Action): void {
    reduce(this.current, action);
    this.batch.push(action);
    if (this.batch.length === 1) this.schedule(() => this.flush());
  }

  private flush(): void {
    const actions = this.batch;
    this.batch = [];
    this.subscriber?.(actions);
  }
}
