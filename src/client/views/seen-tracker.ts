/**
 * Which messages of the open conversation are on screen: an IntersectionObserver over the message
 * rows, in the scrolling list. A row counts as seen when at least half of it shows (or, for a row
 * taller than the view, when it fills half the view). The read position follows the newest row
 * seen (read-marker.ts), so messages are marked read only as they are actually shown.
 */
import { compareIds } from '../message-order';

const THRESHOLDS = Array.from({ length: 11 }, (_, index) => index / 10);

export class SeenTracker {
  private readonly observer: IntersectionObserver;
  private readonly observed = new Set<HTMLElement>();
  private readonly visible = new Set<HTMLElement>();

  constructor(
    private readonly list: HTMLElement,
    scroller: HTMLElement,
    /** The rows on screen changed. */
    private readonly changed: () => void,
  ) {
    this.observer = new IntersectionObserver((entries) => this.onEntries(entries), { root: scroller, threshold: THRESHOLDS });
  }

  /** After each render: watches the rows drawn since, forgets the rows gone. */
  refresh(): void {
    for (const row of this.observed) {
      if (row.isConnected) continue;
      this.observer.unobserve(row);
      this.observed.delete(row);
      this.visible.delete(row);
    }
    for (const row of Array.from(this.list.querySelectorAll<HTMLElement>('li[data-id]'))) {
      if (this.observed.has(row)) continue;
      this.observed.add(row);
      this.observer.observe(row);
    }
  }

  /** The id of the newest message on screen now, if any. */
  newestVisible(): string | undefined {
    let newest: string | undefined;
    for (const row of this.visible) {
      const id = row.dataset.id;
      if (id && row.isConnected && (newest === undefined || compareIds(id, newest) > 0)) newest = id;
    }
    return newest;
  }

  private onEntries(entries: IntersectionObserverEntry[]): void {
    let changed = false;
    for (const entry of entries) {
      if (!(entry.target instanceof HTMLElement)) continue;
      const shown = entry.isIntersecting && seenEnough(entry);
      if (shown === this.visible.has(entry.target)) continue;
      if (shown) this.visible.add(entry.target);
      else this.visible.delete(entry.target);
      changed = true;
    }
    if (changed) this.changed();
  }
}

function seenEnough(entry: IntersectionObserverEntry): boolean {
  if (entry.intersectionRatio >= 0.5) return true;
  const view = entry.rootBounds?.height;
  return view !== undefined && view > 0 && entry.intersectionRect.height >= view / 2;
}
