/**
 * Business time: every calendar date the app decides on ("today", the day a timestamp belongs to,
 * a report's day boundaries) is taken in one time zone, a setting that defaults to Helsinki. The
 * core and the renderer both use this module with the injected clock's instant, so the two never
 * disagree about which day it is, whatever the machine's own zone.
 *
 * Built on Intl.DateTimeFormat with `timeZone`: Node and Chromium ship full ICU with the tz
 * database, and the app needs only two operations (the local date and hour of an instant, and the
 * instant a local day starts), so a date library would add weight without doing more.
 */

export const DEFAULT_BUSINESS_TIME_ZONE = 'Europe/Helsinki';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** True for an IANA zone name this runtime knows ("Europe/Helsinki", "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(zone: string, ms: number): WallClock {
  const out: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const toMs = (instant: Date | string | number) => (instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : instant);

/** The zone's offset from UTC at an instant, in minutes (Helsinki: 120 in winter, 180 in summer). */
export function offsetMinutes(zone: string, instant: Date | string | number): number {
  const ms = toMs(instant);
  const w = wallClock(zone, ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The calendar date, YYYY-MM-DD, of an instant in the zone. */
export function localDateOf(zone: string, instant: Date | string | number): string {
  const w = wallClock(zone, toMs(instant));
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** 'YYYY-MM-DD HH' of an instant in the zone. */
export function localHourOf(zone: string, instant: Date | string | number): string {
  const w = wallClock(zone, toMs(instant));
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}`;
}

/** Today's date in the zone, from the injected clock's instant. */
export const todayIn = (zone: string, now: Date | string | number): string => localDateOf(zone, now);

/** A calendar date moved by whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant (ISO, UTC) the local day starts in the zone. On a day whose midnight does not exist
 * (a zone that springs forward at 00:00) it is the first instant of the day that does.
 */
export function dayStartUtc(zone: string, day: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  // Two rounds settle the offset: the first guess can fall on the other side of a DST change.
  let guess = midnightUtc - offsetMinutes(zone, midnightUtc) * 60_000;
  guess = midnightUtc - offsetMinutes(zone, guess) * 60_000;
  if (localDateOf(zone, guess) !== day) {
    // Midnight was skipped: step forward to the first instant of the day.
    let ms = guess;
    for (let i = 0; i < 48 && localDateOf(zone, ms) !== day; i++) ms += 30 * 60_000;
    guess = ms;
  }
  return new Date(guess).toISOString();
}

/** UTC bounds [start, end) of the local days from..to inclusive, for range queries on stored UTC timestamps. */
export function dayRangeUtc(zone: string, from: string, to: string): [string, string] {
  return [dayStartUtc(zone, from), dayStartUtc(zone, addDays(to, 1))];
}

/**
 * The local date of many stored UTC timestamps (reports), cached per UTC quarter hour: every zone's
 * offset is a whole number of quarter hours and changes on a quarter-hour boundary.
 */
export function localDateMapper(zone: string): (isoUtc: string) => string {
  const cache = new Map<string, string>();
  return (iso) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso.slice(0, 10);
    const slot = Math.floor(ms / 900_000);
    const key = String(slot);
    let d = cache.get(key);
    if (d === undefined) {
      d = localDateOf(zone, slot * 900_000);
      if (cache.size > 100_000) cache.clear();
      cache.set(key, d);
    }
    return d;
  };
}
