import { addDays, DEFAULT_BUSINESS_TIME_ZONE, localDateOf } from '../../../src/shared/business-time';

/**
 * The app's "today" moved by whole days, as YYYY-MM-DD: the date in its business time zone
 * (Europe/Helsinki), which the core uses for event days, report ranges and file names. The test
 * machine's own date differs from it for two or three hours every evening (UTC).
 */
export function businessDay(offsetDays = 0): string {
  return addDays(localDateOf(DEFAULT_BUSINESS_TIME_ZONE, Date.now()), offsetDays);
}
