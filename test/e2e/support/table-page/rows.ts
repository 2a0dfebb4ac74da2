export interface TableRow {
  n: number;
  name: string;
  email: string;
  company: string;
  consent: boolean;
}

const FIRST = ['Aino', 'Eero', 'Ällä', 'Matti', 'Zoe', 'Liisa', 'Öljy', 'Bertil', 'Kaisa', 'Juha', 'Åsa', 'Pekka'];
const LAST = ['Virtanen', 'Korhonen', 'Mäkinen', 'Nieminen', 'Smith', 'Öhman', 'Laine', 'Heikkinen'];
const COMPANY = ['Acme Oy', 'Nordic Ab', 'Tekno Oy', 'Zeta Ltd', 'Ääni Oy'];

/** n rows in a fixed order that no column is sorted by (a multiplicative scramble of 1..n). */
export function tableRows(n: number): TableRow[] {
  const rows: TableRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = (i * 7919 + 13) % n;
    rows[i] = {
      n: k + 1,
      name: `${FIRST[k % FIRST.length]} ${LAST[(k >> 3) % LAST.length]} ${k + 1}`,
      email: `person${k + 1}@example.test`,
      company: COMPANY[(k >> 5) % COMPANY.length]!,
      consent: k % 3 === 0,
    };
  }
  return rows;
}
