import type { AccountStatus } from '../../../shared/customers-lists';

export const STATUS_COLORS: Record<AccountStatus, string> = { active: 'teal', cancelled: 'gray', erased: 'dark' };
