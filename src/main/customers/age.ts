import type { Database } from 'better-sqlite3-multiple-ciphers';
import { checkBirthDate } from '../../shared/age';
import { appError, fieldIssue } from '../../shared/errors';

/** Policy 6. The cut-off is never shown to the person; the refusal message does not mention age. */
export const NEUTRAL_REFUSAL = 'Thank you for your interest. We cannot complete this registration. No details have been kept.';
export const UNDER_AGE_COUNTER = 'registration_refused_age';

/** The shared age rule with registration's field errors: true when old enough. */
export function eligibleToRegister(birthDate: string, today: string): boolean {
  const r = checkBirthDate(birthDate, today);
  if (r.ok) return r.eligible;
  switch (r.problem) {
    case 'future':
      throw appError('birth_date.future', {}, [fieldIssue('birthDate', 'birth_date_future')]);
    case 'too_early':
      throw appError('birth_date.implausible', {}, [fieldIssue('birthDate', 'birth_date_implausible')]);
  }
}

/**
 * Counts one refused registration. Nothing else is kept: no date, no name, no time, not even an
 * audit row (an audit row would tie the refusal to a moment and a staff member).
 */
export function countUnderAge(db: Database): void {
  db.prepare('INSERT INTO anonymous_counts (name, count) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET count = count + 1').run(UNDER_AGE_COUNTER);
}

export function underAgeCount(db: Database): number {
  const r = db.prepare('SELECT count FROM anonymous_counts WHERE name = ?').get(UNDER_AGE_COUNTER) as { count: number } | undefined;
  return r?.count ?? 0;
}
