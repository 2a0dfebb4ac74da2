import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { addDays, DEFAULT_BUSINESS_TIME_ZONE, todayIn } from '../../../shared/business-time';
import { useSession } from '../lib/session-store';
import { isLanguage, type Language } from './language';

/** The zone the business runs in (the session carries the setting): "today" and every shown time are in it. */
export function useBusinessZone(): string {
  return useSession((s) => s.session?.businessTimeZone ?? DEFAULT_BUSINESS_TIME_ZONE);
}

const LOCALE: Record<Language, string> = { fi: 'fi-FI', en: 'en-GB' };

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Finnish groups digits with a no-break space; the narrow one keeps numbers together and tidy. */
export function narrowSpaces(text: string): string {
  return text.replace(/(\d)[\u00a0 ](?=\d)/g, '$1\u202f');
}

export interface Formats {
  language: Language;
  /** An instant (ISO timestamp) or a calendar day (YYYY-MM-DD) as a date: 6.12.2026 / 6 Dec 2026. */
  date(value: string): string;
  /** An instant as date and time to the minute: 6.12.2026 klo 14.05 / 6 Dec 2026, 14:05. */
  dateTime(value: string): string;
  /** Like dateTime, with seconds (logs). */
  dateTimeSeconds(value: string): string;
  time(value: string): string;
  number(n: number, maximumFractionDigits?: number): string;
  percent(ratio: number): string;
  bytes(n: number): string;
  /** Report axis labels: a calendar day without its year, a month, an hour of the day. */
  axisDay(day: string): string;
  axisMonth(month: string): string;
  axisHour(hour: number): string;
}

/** Builds the formatters for one language and zone. Unparseable input is shown as it came. */
export function createFormats(language: Language, zone: string): Formats {
  const locale = LOCALE[language];
  const inZone = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...o, timeZone: zone });
  const inUtc = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, { ...o, timeZone: 'UTC' });
  const dateParts: Intl.DateTimeFormatOptions = language === 'fi' ? { day: 'numeric', month: 'numeric', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' };
  const dayFmt = inUtc(dateParts);
  const dateFmt = inZone(dateParts);
  const dateTimeFmt = inZone({ ...dateParts, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const secondsFmt = inZone({ ...dateParts, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  const timeFmt = inZone({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const axisDayFmt = inUtc(language === 'fi' ? { day: 'numeric', month: 'numeric' } : { day: 'numeric', month: 'short' });
  const axisMonthFmt = inUtc(language === 'fi' ? { month: 'numeric', year: 'numeric' } : { month: 'short', year: 'numeric' });
  const numberFmts = new Map<number, Intl.NumberFormat>();
  const num = (n: number, max = 2) => {
    let f = numberFmts.get(max);
    if (!f) numberFmts.set(max, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: max })));
    return narrowSpaces(f.format(n));
  };
  const percentFmt = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });

  const instant = (fmt: Intl.DateTimeFormat, value: string) => {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : fmt.format(d);
  };
  const day = (fmt: Intl.DateTimeFormat, value: string) => (CALENDAR_DAY.test(value) ? fmt.format(new Date(`${value}T12:00:00Z`)) : instant(fmt, value));

  return {
    language,
    date: (v) => (CALENDAR_DAY.test(v) ? day(dayFmt, v) : instant(dateFmt, v)),
    dateTime: (v) => instant(dateTimeFmt, v),
    dateTimeSeconds: (v) => instant(secondsFmt, v),
    time: (v) => instant(timeFmt, v),
    number: num,
    percent: (r) => narrowSpaces(percentFmt.format(r)),
    bytes(n) {
      const units = language === 'fi' ? ['t', 'kt', 'Mt', 'Gt'] : ['B', 'kB', 'MB', 'GB'];
      let v = n;
      let i = 0;
      while (v >= 1000 && i < units.length - 1) {
        v /= 1000;
        i++;
      }
      return `${num(v, i === 0 ? 0 : 1)}\u00a0${units[i]}`;
    },
    axisDay: (d) => (CALENDAR_DAY.test(d) ? axisDayFmt.format(new Date(`${d}T12:00:00Z`)) : d),
    axisMonth: (m) => (/^\d{4}-\d{2}$/.test(m) ? axisMonthFmt.format(new Date(`${m}-15T12:00:00Z`)) : m),
    axisHour: (h) => (language === 'fi' ? `${h}.00` : `${String(h).padStart(2, '0')}:00`),
  };
}

/** The formatters for the language on screen (the kiosk's own, inside the kiosk). */
export function useFormat(): Formats {
  const { locale } = useIntl();
  const zone = useBusinessZone();
  const language: Language = isLanguage(locale) ? locale : 'en';
  return useMemo(() => createFormats(language, zone), [language, zone]);
}

/** Today (plus offsetDays) as YYYY-MM-DD in the business zone. */
export function useToday(offsetDays = 0): string {
  return addDays(todayIn(useBusinessZone(), new Date()), offsetDays);
}
