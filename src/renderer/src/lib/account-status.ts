import { todayLocal } from './format';
import type { AccountStatus } from '../../../shared/customers-lists';
import type { StatusColor } from '../components/StatusBadge';

export const STATUS_LABELS: Record<AccountStatus, string> = { active: 'Active', cancelled: 'Cancelled', erased: 'Erased' };
export const STATUS_COLORS: Record<AccountStatus, StatusColor> = { active: 'teal', cancelled: 'gray', erased: 'gray' };

/** Today as YYYY-MM-DD in the business time zone, for date inputs. */
export const todayIso = (): string => todayLocal();
