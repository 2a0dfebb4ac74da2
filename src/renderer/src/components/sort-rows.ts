export type SortDirection = 'ascending' | 'descending';

const collators = new Map<string, Intl.Collator>();
function collatorFor(locale: string): Intl.Collator {
  let c = collators.get(locale);
  if (!c) collators.set(locale, (c = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' })));
  return c;
}

function compare(collator: Intl.Collator, a: string | number | null, b: string | number | null): number {
  // Empty values sort last in either direction, as spreadsheets do.
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Stable sort by one key, in the collation of the language on screen (Finnish puts Ä after Z);
 * numbers inside text sort by value. Nulls and empty strings stay at the end either way.
 */
export function sortRows<T>(rows: readonly T[], key: (row: T) => string | number | null, direction: SortDirection, locale: string): T[] {
  const collator = collatorFor(locale);
  const keyed = rows.map((row, i) => ({ row, i, k: key(row) }));
  const sign = direction === 'ascending' ? 1 : -1;
  keyed.sort((x, y) => {
    const empty = (v: unknown) => v === null || v === '';
    if (empty(x.k) || empty(y.k)) return compare(collator, x.k, y.k) || x.i - y.i;
    return sign * compare(collator, x.k, y.k) || x.i - y.i;
  });
  return keyed.map((k) => k.row);
}

