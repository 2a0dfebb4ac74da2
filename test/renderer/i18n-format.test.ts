import { describe, expect, it } from 'vitest';
import { createFormats } from '../../src/renderer/src/i18n/format';
import { parseDay } from '../../src/renderer/src/components/DateField';
import { shortName } from '../../src/renderer/src/i18n/audit-text';
import { systemLanguage } from '../../src/renderer/src/i18n/language';

const NNBSP = '\u202f';

describe('formats follow the language, in the business time zone', () => {
  const fi = createFormats('fi', 'Europe/Helsinki');
  const en = createFormats('en', 'Europe/Helsinki');

  it('Finnish: 6.12.2026, 14.05, comma decimals, narrow no-break spaces', () => {
    expect(fi.date('2026-12-06T12:05:00Z')).toBe('6.12.2026');
    expect(fi.time('2026-12-06T12:05:00Z')).toBe('14.05');
    expect(fi.dateTime('2026-12-06T12:05:00Z')).toBe('6.12.2026 klo 14.05');
    expect(fi.number(1234567.5)).toBe(`1${NNBSP}234${NNBSP}567,5`);
    expect(fi.percent(0.125)).toBe(`12,5${'\u00a0'}%`);
    expect(fi.axisDay('2026-12-06')).toBe('6.12.');
  });

  it('English (British order): 6 Dec 2026, 14:05, point decimals', () => {
    expect(en.date('2026-12-06T12:05:00Z')).toBe('6 Dec 2026');
    expect(en.dateTime('2026-12-06T12:05:00Z')).toBe('6 Dec 2026, 14:05');
    expect(en.number(1234567.5)).toBe('1,234,567.5');
    expect(en.axisMonth('2026-12')).toBe('Dec 2026');
  });

  it('an instant is shown in the business zone, not the machine zone; a calendar day never shifts', () => {
    // 23:30 UTC on 5 December is already 6 December in Helsinki.
    expect(fi.date('2026-12-05T23:30:00Z')).toBe('6.12.2026');
    expect(createFormats('fi', 'UTC').date('2026-12-05T23:30:00Z')).toBe('5.12.2026');
    expect(fi.date('2026-12-06')).toBe('6.12.2026');
    expect(createFormats('fi', 'Pacific/Kiritimati').date('2026-12-06')).toBe('6.12.2026');
  });
});

describe('date fields read what people type', () => {
  it('accepts the Finnish and British order and ISO, and refuses days that do not exist', () => {
    expect(parseDay('6.12.2026')).toBe('2026-12-06');
    expect(parseDay('06/12/2026')).toBe('2026-12-06');
    expect(parseDay('2026-12-06')).toBe('2026-12-06');
    expect(parseDay('29.2.2024')).toBe('2024-02-29');
    expect(parseDay('29.2.2026')).toBeNull();
    expect(parseDay('12/31/2026')).toBeNull();
    expect(parseDay('tomorrow')).toBeNull();
  });
});

describe('small helpers', () => {
  it('shortName gives first name and initial', () => {
    expect(shortName('Matti Heikkinen')).toBe('Matti H.');
    expect(shortName('Anna-Liisa von Wright')).toBe('Anna-Liisa W.');
    expect(shortName('admin')).toBe('admin');
  });

  it('the system language is Finnish only for a Finnish locale', () => {
    expect(systemLanguage(['fi-FI', 'en-US'])).toBe('fi');
    expect(systemLanguage(['sv-FI', 'fi'])).toBe('fi');
    expect(systemLanguage(['en-GB'])).toBe('en');
    expect(systemLanguage([])).toBe('en');
  });
});
