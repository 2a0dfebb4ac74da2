import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CARD_NUMBER_MESSAGE, containsCardNumber, findCardNumber, luhnValid } from '../../src/shared/card';
import { startCore, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';

/** Builds a Luhn-valid number from a prefix, so the tests do not depend on memorised card numbers. */
function withCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(`${body}${d}`)) return `${body}${d}`;
  throw new Error('unreachable');
}
const VISA = withCheckDigit('411111111111111');
const AMEX = withCheckDigit('37828224631000');
const BAD_CHECK = `${VISA.slice(0, -1)}${(Number(VISA.slice(-1)) + 1) % 10}`;

describe('luhnValid', () => {
  it('accepts exactly one check digit per body', () => {
    for (const body of ['411111111111111', '37828224631000', '601100000000000']) {
      const valid = [...'0123456789'].filter((d) => luhnValid(`${body}${d}`));
      expect(valid).toHaveLength(1);
    }
  });
});

describe('containsCardNumber', () => {
  it('finds a card number however it is written', () => {
    expect(VISA).toHaveLength(16);
    for (const text of [
      VISA,
      AMEX,
      VISA.replace(/(\d{4})(?=\d)/g, '$1 '),
      VISA.replace(/(\d{4})(?=\d)/g, '$1-'),
      `Customer paid with ${VISA}, thanks`,
      `ref 12 card ${VISA.replace(/(\d{4})(?=\d)/g, '$1 ')} exp 12 27`,
    ]) {
      expect(containsCardNumber(text), text).toBe(true);
    }
  });

  it('leaves ordinary numbers alone', () => {
    for (const text of [
      '',
      'Visa ending 1111',
      BAD_CHECK,
      '+358 9 31577988',
      '2026-11-26',
      '123456789012', // 12 digits: too short
      `${VISA}0000`, // 20 contiguous digits: a reference number, not a card
    ]) {
      expect(containsCardNumber(text), text).toBe(false);
    }
  });
});

describe('containsCardNumber with any separator', () => {
  const grouped = (sep: string) => VISA.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
  const FULL_WIDTH = [...VISA].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');

  it('treats any run of characters that are neither letters nor digits as a separator', () => {
    for (const sep of ['.', '\u00a0', '/', '\t', '\n', '\r\n', '  ', ' - ', '\u2009', '_', ' / ']) {
      expect(containsCardNumber(`card ${grouped(sep)} exp`), JSON.stringify(sep)).toBe(true);
    }
  });

  it('reads full-width digits as digits', () => {
    expect(containsCardNumber(FULL_WIDTH)).toBe(true);
    expect(containsCardNumber(`maksettu kortilla ${FULL_WIDTH.replace(/(.{4})(?=.)/gu, '$1\u3000')}`)).toBe(true);
  });

  it('does not join digits across letters', () => {
    expect(containsCardNumber(grouped('x'))).toBe(false);
    expect(containsCardNumber(`order ${VISA.slice(0, 8)} item ${VISA.slice(8)}`)).toBe(false);
  });
});

describe('findCardNumber', () => {
  it('names the path of the first string holding a card number', () => {
    expect(findCardNumber({ a: 'x', b: { c: ['ok', `pay ${VISA}`] } })).toBe('b.c.1');
    expect(findCardNumber(VISA)).toBe('(input)');
    expect(findCardNumber({ a: 1, b: null, c: ['x'], d: true })).toBeNull();
    expect(findCardNumber(Number(VISA))).toBeNull();
  });
});

describe('the dispatcher refuses card numbers centrally', () => {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('refuses with invalid_input, names the field, and writes nothing', async () => {
    t = await startCore();
    await withStaff(t, []);
    const before = storeDigest(t.core.stores!.customers);
    const r = await t.call('admin', 'staff.create', { username: 'carder', displayName: `Card ${VISA.replace(/(\d{4})(?=\d)/g, '$1 ')}`, role: 'billing_clerk', password: 'long enough password' });
    expect(r).toEqual({
      ok: false,
      error: { code: 'invalid_input', key: 'input.card_number', params: {}, message: CARD_NUMBER_MESSAGE, fields: [{ path: 'displayName', key: 'card_number', params: {}, message: CARD_NUMBER_MESSAGE }] },
    });
    expect(storeDigest(t.core.stores!.customers)).toBe(before);
  });
});

describe('record ids', () => {
  it('never takes a UUID for a card number', () => {
    for (let i = 0; i < 20000; i++) expect(containsCardNumber(crypto.randomUUID())).toBe(false);
    // The digit groups of this UUID (123456 7890 1234 5671) pass the Luhn check on their own.
    expect(luhnValid('123456789012345671')).toBe(true);
    expect(containsCardNumber('123456-7890-1234-5671')).toBe(true);
    expect(containsCardNumber('ab123456-7890-1234-5671-90ab12cd34ef')).toBe(false);
  });
  it('still finds a card number next to a UUID', () => {
    expect(containsCardNumber(`${crypto.randomUUID()} 4111 1111 1111 1111`)).toBe(true);
  });
});

describe('all-ASCII text', () => {
  it('gets the same answer as the same text read as Unicode', () => {
    // A letter outside ASCII at the end sends the text down the Unicode path without joining or
    // splitting any digit run.
    const pieces = ['4111', '1111', '5555', '4444', '12', '0', '-', ' ', '.', '/', '\t', '\n', '  ', 'ab', '@', ',', '2026-11-20'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(containsCardNumber(text)).toBe(containsCardNumber(`${text}ä`));
      }),
      { numRuns: 3000, seed: 20261206 },
    );
    expect(containsCardNumber('4111 1111 1111 1111')).toBe(true);
    expect(containsCardNumber('4111 1111 1111 1111ä')).toBe(true);
  });
});
