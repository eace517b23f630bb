/**
 * Friendly timestamps in the reader's local time. Pure functions of (date, now) so they can be
 * tested at any clock; days are calendar days, not 24-hour spans (a DST change stays correct).
 */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Calendar days from `date` to `now` (0 today, 1 yesterday; negative in the future). */
export function daysBetween(date: Date, now: Date): number {
  const start = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  const end = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((end - start) / (24 * HOUR));
}

export function isSameDay(a: Date, b: Date): boolean {
  return daysBetween(a, b) === 0;
}

/** "14:03": 24-hour clock, zero-padded. */
export function formatClock(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * A message's timestamp: "14:03" today, "Yesterday 14:03", "Mon 14:03" within the week,
 * "3 Mar 14:03" this year, "3 Mar 2024" before.
 */
export function formatMessageTime(date: Date, now: Date): string {
  const days = daysBetween(date, now);
  const clock = formatClock(date);
  if (days <= 0) return clock;
  if (days === 1) return `Yesterday ${clock}`;
  if (days < 7) return `${shortWeekday(date)} ${clock}`;
  if (date.getFullYear() === now.getFullYear()) return `${date.getDate()} ${shortMonth(date)} ${clock}`;
  return `${date.getDate()} ${shortMonth(date)} ${date.getFullYear()}`;
}

/** The separator between days: "Today", "Yesterday", "Monday 3 March", "Friday 3 March 2023". */
export function formatDay(date: Date, now: Date): string {
  const days = daysBetween(date, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const base = `${WEEKDAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]}`;
  return date.getFullYear() === now.getFullYear() ? base : `${base} ${date.getFullYear()}`;
}

/** The full date and time for a title attribute: "Monday 3 March 2025, 14:03:07". */
export function formatFullDateTime(date: Date): string {
  return `${WEEKDAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}, ${formatClock(date)}:${pad(date.getSeconds())}`;
}

/** When an offline user was last seen: "just now", "5 min ago", "2 h ago", "yesterday 14:03", "3 Mar". */
export function formatLastSeen(date: Date, now: Date): string {
  const elapsed = now.getTime() - date.getTime();
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  const days = daysBetween(date, now);
  if (days === 0) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (days === 1) return `yesterday ${formatClock(date)}`;
  if (date.getFullYear() === now.getFullYear()) return `${date.getDate()} ${shortMonth(date)}`;
  return `${date.getDate()} ${shortMonth(date)} ${date.getFullYear()}`;
}

/** Parses an ISO 8601 timestamp; undefined when it is missing or not a date. */
export function parseTimestamp(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function shortWeekday(date: Date): string {
  return (WEEKDAYS[date.getDay()] ?? '').slice(0, 3);
}

function shortMonth(date: Date): string {
  return (MONTHS[date.getMonth()] ?? '').slice(0, 3);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
