import { describe, expect, it } from 'vitest';
import { ageOn, checkBirthDate } from '../../src/shared/age';
import { addDays, dayRangeUtc, dayStartUtc, DEFAULT_BUSINESS_TIME_ZONE, isTimeZone, localDateMapper, localDateOf, localHourOf, offsetMinutes, todayIn } from '../../src/shared/business-time';

const HEL = DEFAULT_BUSINESS_TIME_ZONE;

describe('business time in Helsinki', () => {
  it('takes 00:30 in Helsinki as that day, winter and summer, whatever the UTC date', () => {
    expect(todayIn(HEL, new Date('2026-11-25T22:30:00Z'))).toBe('2026-11-26');
    expect(todayIn(HEL, new Date('2026-06-30T21:30:00Z'))).toBe('2026-07-01');
    expect(todayIn(HEL, new Date('2026-11-25T21:59:59Z'))).toBe('2026-11-25');
    expect(todayIn('UTC', new Date('2026-11-25T22:30:00Z'))).toBe('2026-11-25');
  });

  it('has a 23-hour day when the clocks go forward (29 March 2026, 03:00 -> 04:00)', () => {
    expect(dayStartUtc(HEL, '2026-03-29')).toBe('2026-03-28T22:00:00.000Z');
    expect(dayStartUtc(HEL, '2026-03-30')).toBe('2026-03-29T21:00:00.000Z');
    expect(localHourOf(HEL, '2026-03-29T00:59:00Z')).toBe('2026-03-29 02');
    expect(localHourOf(HEL, '2026-03-29T01:00:00Z')).toBe('2026-03-29 04');
    expect(offsetMinutes(HEL, '2026-03-29T00:59:00Z')).toBe(120);
    expect(offsetMinutes(HEL, '2026-03-29T01:00:00Z')).toBe(180);
  });

  it('has a 25-hour day when the clocks go back (25 October 2026, 04:00 -> 03:00)', () => {
    expect(dayRangeUtc(HEL, '2026-10-25', '2026-10-25')).toEqual(['2026-10-24T21:00:00.000Z', '2026-10-25T22:00:00.000Z']);
    expect(localHourOf(HEL, '2026-10-25T00:30:00Z')).toBe('2026-10-25 03');
    expect(localHourOf(HEL, '2026-10-25T01:30:00Z')).toBe('2026-10-25 03');
    expect(todayIn(HEL, '2026-10-25T21:59:59Z')).toBe('2026-10-25');
    expect(todayIn(HEL, '2026-10-25T22:00:00Z')).toBe('2026-10-26');
  });

  it('finds the first instant of every day of a year, in zones with odd offsets and a midnight DST change', () => {
    for (const zone of [HEL, 'America/Santiago', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
      const map = localDateMapper(zone);
      for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
        const start = Date.parse(dayStartUtc(zone, day));
        expect(localDateOf(zone, start), `${zone} ${day}`).toBe(day);
        expect(localDateOf(zone, start - 1), `${zone} ${day}`).toBe(addDays(day, -1));
        expect(map(new Date(start).toISOString())).toBe(day);
        expect(map(new Date(start - 1).toISOString())).toBe(addDays(day, -1));
      }
    }
  });

  it('knows real zone names only', () => {
    expect(isTimeZone('Europe/Helsinki')).toBe(true);
    expect(isTimeZone('Europe/Tampere')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('the one age rule', () => {
  it('counts a 29 February birthday from 1 March in a common year, and on the day in a leap year', () => {
    expect(ageOn('2012-02-29', '2025-02-28')).toBe(12);
    expect(ageOn('2012-02-29', '2025-03-01')).toBe(13);
    expect(ageOn('2011-02-28', '2024-02-28')).toBe(13);
    expect(ageOn('2000-02-29', '2013-02-28')).toBe(12);
    expect(ageOn('2000-02-29', '2013-03-01')).toBe(13);
    expect(checkBirthDate('2012-02-29', '2025-02-28')).toEqual({ ok: true, eligible: false });
    expect(checkBirthDate('2012-02-29', '2025-03-01')).toEqual({ ok: true, eligible: true });
  });

  it('takes birth dates from 1900-01-01 to today', () => {
    expect(checkBirthDate('1900-01-01', '2026-12-06')).toEqual({ ok: true, eligible: true });
    expect(checkBirthDate('1899-12-31', '2026-12-06')).toEqual({ ok: false, problem: 'too_early' });
    expect(checkBirthDate('1850-01-01', '2026-12-06')).toEqual({ ok: false, problem: 'too_early' });
    expect(checkBirthDate('2026-12-06', '2026-12-06')).toEqual({ ok: true, eligible: false });
    expect(checkBirthDate('2026-12-07', '2026-12-06')).toEqual({ ok: false, problem: 'future' });
  });
});
