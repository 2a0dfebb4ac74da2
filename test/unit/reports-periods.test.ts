import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { granularityOf, periodOf, periodSql, periodsOf } from '../../src/main/reports/periods';
import type { Granularity } from '../../src/shared/contract/reports';

describe('report periods', () => {
  it('picks days, weeks or months by the length of the range', () => {
    expect(granularityOf({ from: '2026-01-01', to: '2026-03-03' })).toBe('day'); // 62 days
    expect(granularityOf({ from: '2026-01-01', to: '2026-03-04' })).toBe('week');
    expect(granularityOf({ from: '2026-01-01', to: '2027-01-01' })).toBe('week'); // 366 days
    expect(granularityOf({ from: '2026-01-01', to: '2027-01-02' })).toBe('month');
  });

  it('computes the same period in SQL as in JavaScript for every day of two years', () => {
    const db = new Database(':memory:');
    const start = Date.parse('2025-01-01T00:00:00Z');
    for (const g of ['day', 'week', 'month'] as Granularity[]) {
      const stmt = db.prepare(`SELECT ${periodSql('?', g)} AS p`);
      for (let i = 0; i < 731; i++) {
        const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
        expect((stmt.get(day) as { p: string }).p, `${g} ${day}`).toBe(periodOf(day, g));
      }
    }
  });

  it('names weeks by their Monday and lists every period once, in order', () => {
    expect(periodOf('2026-11-08', 'week')).toBe('2026-11-02'); // Sunday
    expect(periodOf('2026-11-09', 'week')).toBe('2026-11-09'); // Monday
    expect(periodsOf({ from: '2026-11-05', to: '2026-11-20' }, 'week')).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(periodsOf({ from: '2026-01-31', to: '2026-03-01' }, 'month')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(periodsOf({ from: '2026-02-27', to: '2026-03-01' }, 'day')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
