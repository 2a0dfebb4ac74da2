import { describe, expect, it } from 'vitest';
import { beginsWithTrigger, decodeCell, neutraliseCell, TRIGGER_CHARS } from '../../src/main/exports/neutralise';
import { escapeXlsxText, unescapeXlsxText } from '../../src/main/exports/xlsx-text';
import { csvField } from '../../src/main/exports/csv-writer';

describe('formula neutralisation', () => {
  it('prefixes every trigger character with an apostrophe', () => {
    for (const t of TRIGGER_CHARS) {
      const written = neutraliseCell(`${t}SUM(A1)`);
      expect(written).toBe(`'${t}SUM(A1)`);
      expect(beginsWithTrigger(written)).toBe(false);
      expect(decodeCell(written)).toBe(`${t}SUM(A1)`);
    }
  });

  it('leaves ordinary text alone, including text that merely starts with an apostrophe', () => {
    for (const s of ['', 'Ada', "'quoted'", "'", "''", 'a=b', ' =1', '1-2', "O'Brien"]) {
      expect(neutraliseCell(s)).toBe(s);
      expect(decodeCell(s)).toBe(s);
    }
  });

  it('escapes apostrophes before a trigger too, so the apostrophe the user typed survives', () => {
    expect(neutraliseCell("'=1")).toBe("''=1");
    expect(neutraliseCell("'''+x")).toBe("''''+x");
    expect(decodeCell(neutraliseCell("'=1"))).toBe("'=1");
    expect(decodeCell(neutraliseCell('=1'))).toBe('=1');
    expect(neutraliseCell('=1')).not.toBe(neutraliseCell("'=1"));
  });

  it('quotes CSV fields that need it and neutralises numbers as text', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvField(-3)).toBe("'-3");
  });
});

describe('XLSX text escaping', () => {
  it('escapes what XML cannot carry and what looks like an escape, and decodes exactly', () => {
    const cases: [string, string][] = [
      ['a\rb', 'a_x000D_b'],
      ['\u0001', '_x0001_'],
      ['_x0041_', '_x005F_x0041_'],
      ['_x1234\r', '_x005F_x1234_x000D_'],
      ['&amp;', '_x0026_amp;'],
      ['AT&T', 'AT&T'],
      ['tab\tand\nnewline', 'tab\tand\nnewline'],
      ['😀', '😀'],
      ['\uD800', '_xD800_'],
    ];
    for (const [input, escaped] of cases) {
      expect(escapeXlsxText(input)).toBe(escaped);
      expect(unescapeXlsxText(escaped)).toBe(input);
    }
  });
});
