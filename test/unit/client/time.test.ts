import { expect } from 'chai';
import {
  daysBetween,
  formatDay,
  formatFullDateTime,
  formatLastSeen,
  formatMessageTime,
  parseTimestamp,
} from '../../../src/client/time';

// Local dates, so the expectations hold in any time zone.
const at = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) =>
  new Date(year, month - 1, day, hour, minute, second);

describe('Time formatting', () => {
  const now = at(2025, 3, 12, 10, 30); // Wednesday 12 March 2025, 10:30

  describe('formatMessageTime', () => {
    it('shows the time alone today, zero-padded on a 24-hour clock', () => {
      expect(formatMessageTime(at(2025, 3, 12, 9, 5), now)).to.equal('09:05');
      expect(formatMessageTime(at(2025, 3, 12, 0, 0), now)).to.equal('00:00');
    });

    it('says Yesterday with the time for the day before', () => {
      expect(formatMessageTime(at(2025, 3, 11, 14, 3), now)).to.equal('Yesterday 14:03');
      expect(formatMessageTime(at(2025, 3, 11, 23, 59), at(2025, 3, 12, 0, 1))).to.equal('Yesterday 23:59');
    });

    it('names the weekday within the week, then the date', () => {
      expect(formatMessageTime(at(2025, 3, 8, 8, 0), now)).to.equal('Sat 08:00');
      expect(formatMessageTime(at(2025, 3, 5, 8, 0), now)).to.equal('5 Mar 08:00');
      expect(formatMessageTime(at(2024, 12, 31, 8, 0), now)).to.equal('31 Dec 2024');
    });

    it('treats a slightly future timestamp (clock skew) as today', () => {
      expect(formatMessageTime(at(2025, 3, 12, 10, 31), now)).to.equal('10:31');
    });
  });

  describe('formatDay', () => {
    it('labels day separators', () => {
      expect(formatDay(at(2025, 3, 12, 1), now)).to.equal('Today');
      expect(formatDay(at(2025, 3, 11, 23), now)).to.equal('Yesterday');
      expect(formatDay(at(2025, 3, 3), now)).to.equal('Monday 3 March');
      expect(formatDay(at(2023, 3, 3), now)).to.equal('Friday 3 March 2023');
    });
  });

  describe('formatFullDateTime', () => {
    it('gives the whole date and time with seconds', () => {
      expect(formatFullDateTime(at(2025, 3, 3, 14, 3, 7))).to.equal('Monday 3 March 2025, 14:03:07');
    });
  });

  describe('formatLastSeen', () => {
    it('goes from just now to minutes, hours, yesterday and a date', () => {
      expect(formatLastSeen(at(2025, 3, 12, 10, 29, 40), now)).to.equal('just now');
      expect(formatLastSeen(at(2025, 3, 12, 10, 25), now)).to.equal('5 min ago');
      expect(formatLastSeen(at(2025, 3, 12, 7, 0), now)).to.equal('3 h ago');
      expect(formatLastSeen(at(2025, 3, 11, 22, 15), now)).to.equal('yesterday 22:15');
      expect(formatLastSeen(at(2025, 2, 1), now)).to.equal('1 Feb');
      expect(formatLastSeen(at(2023, 2, 1), now)).to.equal('1 Feb 2023');
    });
  });

  describe('daysBetween', () => {
    it('counts calendar days, across month and year ends', () => {
      expect(daysBetween(at(2024, 12, 31, 23, 59), at(2025, 1, 1, 0, 1))).to.equal(1);
      expect(daysBetween(at(2025, 2, 28, 12), at(2025, 3, 1, 12))).to.equal(1);
      expect(daysBetween(at(2024, 2, 28, 12), at(2024, 3, 1, 12))).to.equal(2);
      expect(daysBetween(at(2025, 3, 12, 0, 0), at(2025, 3, 12, 23, 59))).to.equal(0);
    });
  });

  describe('parseTimestamp', () => {
    it('reads ISO 8601 and refuses what is not a date', () => {
      expect(parseTimestamp('2025-03-12T10:30:00.000Z')?.toISOString()).to.equal('2025-03-12T10:30:00.000Z');
      expect(parseTimestamp('yesterday')).to.equal(undefined);
      expect(parseTimestamp(undefined)).to.equal(undefined);
    });
  });
});
