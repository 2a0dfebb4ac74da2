import { todayLocal } from './format';
import type { AccountStatus } from '../../../shared/customers-lists';

export const STATUS_LABELS: Record<AccountStatus, string> = { active: 'Active', cancelled: 'Cancelled', erased: 'Erased' };
export const STATUS_COLORS: Record<AccountStatus, string> = { active: 'teal', cancelled: 'gray', erased: 'dark' };

/** Today as YYYY-MM-DD in the business time zone, for date inputs. */
export const todayIso = (): string => todayLocal();
