import { describe, expect, it } from 'vitest';
import { sortRows } from '../../src/renderer/src/components/sort-rows';

type Row = { id: number; name: string | null; n: number | null };
const rows: Row[] = [
  { id: 1, name: 'Öljy', n: 10 },
  { id: 2, name: 'aalto', n: 2 },
  { id: 3, name: null, n: null },
  { id: 4, name: 'Zeta', n: 2 },
  { id: 5, name: 'item 10', n: -1 },
  { id: 6, name: 'item 9', n: 2 },
  { id: 7, name: '', n: 3 },
];
const ids = (xs: Row[]) => xs.map((r) => r.id);

describe('sortRows', () => {
  it('sorts text in the collation of the language on screen: Finnish puts Ö after Z, English beside O', () => {
    expect(ids(sortRows(rows, (r) => r.name, 'ascending', 'fi'))).toEqual([2, 6, 5, 4, 1, 3, 7]);
    expect(ids(sortRows(rows, (r) => r.name, 'ascending', 'en'))).toEqual([2, 6, 5, 1, 4, 3, 7]);
  });

  it('reverses for descending but keeps empty values last', () => {
    expect(ids(sortRows(rows, (r) => r.name, 'descending', 'fi'))).toEqual([1, 4, 5, 6, 2, 3, 7]);
  });

  it('sorts numbers by value and keeps equal keys in their original order (stable) both ways', () => {
    expect(ids(sortRows(rows, (r) => r.n, 'ascending', 'en'))).toEqual([5, 2, 4, 6, 7, 1, 3]);
    expect(ids(sortRows(rows, (r) => r.n, 'descending', 'en'))).toEqual([1, 7, 2, 4, 6, 5, 3]);
  });

  it('leaves its input untouched', () => {
    const before = ids(rows);
    sortRows(rows, (r) => r.n, 'descending', 'en');
    expect(ids(rows)).toEqual(before);
  });
});
