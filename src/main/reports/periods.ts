import { daysBetween, type Granularity, type ReportRange } from '../../shared/contract/reports';

/** Days for up to about two months, ISO weeks (named by their Monday) up to a year, then months. */
export function granularityOf(range: ReportRange): Granularity {
  const days = daysBetween(range.from, range.to) + 1;
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}

/** SQL that turns a YYYY-MM-DD expression into its period label. */
export function periodSql(dayExpr: string, g: Granularity): string {
  switch (g) {
    case 'day':
      return dayExpr;
    case 'week':
      // 'weekday 1' moves forward to the next Monday (or stays on one); from six days earlier that is this week's Monday.
      return `date(${dayExpr}, '-6 days', 'weekday 1')`;
    case 'month':
      return `substr(${dayExpr}, 1, 7)`;
  }
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The period label of one day, the same as periodSql computes. */
export function periodOf(day: string, g: Granularity): string {
  switch (g) {
    case 'day':
      return day;
    case 'month':
      return day.slice(0, 7);
    case 'week': {
      const d = new Date(`${day}T00:00:00Z`);
      const back = (d.getUTCDay() + 6) % 7; // Monday = 0
      d.setUTCDate(d.getUTCDate() - back);
      return iso(d);
    }
  }
}

/** Every period label of the range, in order, so a series has no gaps where nothing happened. */
export function periodsOf(range: ReportRange, g: Granularity): string[] {
  const out: string[] = [];
  const d = new Date(`${range.from}T00:00:00Z`);
  const end = new Date(`${range.to}T00:00:00Z`);
  while (d <= end) {
    const p = periodOf(iso(d), g);
    if (out[out.length - 1] !== p) out.push(p);
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
