import { addDays, DEFAULT_BUSINESS_TIME_ZONE, todayIn } from '../../../shared/business-time';
import { useSession } from './session-store';
/** Display helpers shared by screens. Dates are shown in the user's locale and time zone. */

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** Today (or today plus offsetDays) as YYYY-MM-DD in the business time zone of the signed-in session. */
export function todayLocal(offsetDays = 0): string {
  const zone = useSession.getState().session?.businessTimeZone ?? DEFAULT_BUSINESS_TIME_ZONE;
  return addDays(todayIn(zone, new Date()), offsetDays);
}
