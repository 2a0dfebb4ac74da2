import type { AccountStatus } from '../../../shared/customers-lists';

export const STATUS_LABELS: Record<AccountStatus, string> = { active: 'Active', cancelled: 'Cancelled', erased: 'Erased' };
export const STATUS_COLORS: Record<AccountStatus, string> = { active: 'teal', cancelled: 'gray', erased: 'dark' };

/** Today as YYYY-MM-DD in the user's time zone, for date inputs. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
