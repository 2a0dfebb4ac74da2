import type { AccountStatus } from '../../../shared/customers-lists';
import type { StatusColor } from '../components/StatusBadge';

export const STATUS_COLORS: Record<AccountStatus, StatusColor> = { active: 'teal', cancelled: 'gray', erased: 'gray' };
