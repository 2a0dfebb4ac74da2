/**
 * The one age rule (policy 6), used by the booth, registration and lead conversion: a birth date
 * from 1900-01-01 up to today in the business time zone; under 13 nothing is stored but an
 * anonymous count. The cut-off is never shown to the person.
 */

export const MIN_AGE = 13;
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * Whole years between a birth date and a day, both YYYY-MM-DD. Someone born on 29 February turns a
 * year older on 1 March in a common year: the later of the two readings, so the age screen never
 * lets in anyone who is under 13 by either.
 */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export type BirthDateCheck = { ok: true; eligible: boolean } | { ok: false; problem: 'future' | 'too_early' };

/** A birth date (a real YYYY-MM-DD date, checked by the input schema) against today in the business zone. */
export function checkBirthDate(birthDate: string, today: string): BirthDateCheck {
  if (birthDate > today) return { ok: false, problem: 'future' };
  if (birthDate < EARLIEST_BIRTH_DATE) return { ok: false, problem: 'too_early' };
  return { ok: true, eligible: ageOn(birthDate, today) >= MIN_AGE };
}
