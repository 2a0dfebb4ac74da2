import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from '../../src/main/optouts/csv';
import { ImportFileError, parseImportFile } from '../../src/main/optouts/import-file';
import { decodeCsvBytes, NOT_UTF8 } from '../../src/shared/optouts-import';
import { emailField, emailProblem, normaliseEmail } from '../../src/shared/email';

describe('email syntax and normal form', () => {
  it('accepts ordinary and international addresses', () => {
    for (const ok of ['a@b.co', 'first.last+tag@example.com', "o'brien@example.ie", 'user@sub-domain.example.fi', 'jörg@müller.de', 'x@1.example']) {
      expect(emailProblem(ok), ok).toBeNull();
    }
  });
  it('refuses what the issue rules out, each with its own message', () => {
    const cases: [string, RegExp][] = [
      ['', /Enter an email/],
      ['plain', /needs an @/],
      ['a@@b.com', /exactly one @/],
      ['a@b@c.com', /exactly one @/],
      ['@example.com', /before the @/],
      ['a@', /domain after the @/],
      ['a@exa mple.com', /spaces/],
      ['a@example_com.org', /letters, digits, hyphens and dots/],
      ['a@example', /letters, digits, hyphens and dots/],
      ['a@example..com', /letters, digits, hyphens and dots/],
      ['a@-x.com', /letters, digits, hyphens and dots/],
      ['a@x-.com', /letters, digits, hyphens and dots/],
      ['.a@example.com', /cannot have/],
      ['a..b@example.com', /cannot have/],
      ['"quoted"@example.com', /cannot have/],
      ['<script>@example.com', /cannot have/],
      [`${'l'.repeat(65)}@example.com`, /at most 64/],
      [`a@${'d'.repeat(250)}.com`, /at most 254/],
    ];
    for (const [bad, message] of cases) expect(emailProblem(bad), bad).toMatch(message);
  });
  it('puts exactly 254 characters on the right side of the limit', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(at254.length).toBe(254);
    expect(emailProblem(at254)).toBeNull();
    expect(emailProblem(`${at254}x`)).toMatch(/254/);
  });
  it('normalises for matching: trim, NFC, lower case; keeps tags and dots', () => {
    expect(normaliseEmail('  Maija.M+News@Example.COM ')).toBe('maija.m+news@example.com');
    expect(normaliseEmail('J\u006f\u0308rg@X.de')).toBe(normaliseEmail('j\u00f6rg@x.de'));
    expect(emailField.parse('  a@b.fi ')).toBe('a@b.fi');
  });
});

describe('CSV reader', () => {
  const read = (text: string) => {
    const out: CsvRecord[] = [];
    readCsv(text, (r) => out.push(r));
    return out;
  };
  it('reads RFC 4180: quotes, doubled quotes, commas and newlines in quotes, CRLF, BOM, blank lines', () => {
    const recs = read('\ufeffa,b\r\n"x,1","say ""hi""\nthere"\r\n\r\nlast,\n');
    expect(recs.map((r) => r.cells)).toEqual([['a', 'b'], ['x,1', 'say "hi"\nthere'], ['last', '']]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(recs.every((r) => r.problem === null)).toBe(true);
  });
  it('flags stray quotes per record and refuses an unclosed quote for the whole file', () => {
    const recs = read('a"b,c\n"ok"x,d\n');
    expect(recs.map((r) => r.problem !== null)).toEqual([true, true]);
    expect(() => read('a,"never closed\nmore')).toThrow(/never closed/);
  });
});

describe('import file checks', () => {
  const HEADER = 'email,list,reason,date\n';
  it('refuses a file without the header or with no rows', () => {
    expect(() => parseImportFile('a@b.com,all,email,2026-01-01\n', '2026-11-26')).toThrow(ImportFileError);
    expect(() => parseImportFile(HEADER, '2026-11-26')).toThrow(/no rows/);
    expect(() => parseImportFile('x\ufffdy', '2026-11-26')).toThrow(/not valid UTF-8/);
  });
  it('lists every bad row with its reason and keeps the good ones', () => {
    const text =
      HEADER +
      [
        'good@example.com,all,email,2026-11-01',
        '=HYPERLINK("http://evil"),all,email,2026-11-01',
        'x@example.com,+marketing,email,2026-11-01',
        'y@example.com,all,-phone,2026-11-01',
        '@SUM(A1)@example.com,all,email,2026-11-01',
        'z@example.com,newsletter,email,2026-11-01',
        'w@example.com,all,whim,2026-11-01',
        'v@example.com,all,email,2026-02-30',
        'u@example.com,all,email,2027-01-01',
        'not-an-email,all,email,2026-11-01',
        ',all,email,2026-11-01',
        'only,three,cells',
        `${'a'.repeat(300)}@example.com,all,email,2026-11-01`,
        "'; DROP TABLE accounts;--,all,email,2026-11-01",
        'Good2@Example.com,Email Marketing,Web Form,2026-11-02',
        '"multi\nline@example.com",all,email,2026-11-01',
        'bell\u0007@example.com,all,email,2026-11-01',
        'w@example.com,constructor,toString,2026-11-01',
      ].join('\n');
    const parsed = parseImportFile(text, '2026-11-26');
    expect(parsed.total).toBe(18);
    expect(parsed.rows.map((r) => [r.emailNorm, r.lists, r.reason])).toEqual([
      ['good@example.com', ['technical_advisories', 'call_detail_reports', 'email_marketing'], 'email'],
      ['good2@example.com', ['email_marketing'], 'web_form'],
    ]);
    const reasons = Object.fromEntries(parsed.invalid.map((i) => [i.line, i.reason]));
    expect(reasons[3]).toMatch(/email cell starts with "="/);
    expect(reasons[4]).toMatch(/list cell starts with "\+"/);
    expect(reasons[5]).toMatch(/reason cell starts with "-"/);
    expect(reasons[6]).toMatch(/email cell starts with "@"/);
    expect(reasons[7]).toMatch(/Unknown list/);
    expect(reasons[8]).toMatch(/Unknown reason/);
    expect(reasons[9]).toMatch(/not a date/);
    expect(reasons[10]).toMatch(/in the future/);
    expect(reasons[11]).toMatch(/Email: /);
    expect(reasons[12]).toMatch(/email cell is empty/);
    expect(reasons[13]).toMatch(/3 cells/);
    expect(reasons[14]).toMatch(/longer than 254/);
    expect(reasons[15]).toMatch(/Email: /);
    expect(reasons[17]).toMatch(/line breaks or control characters/);
    expect(reasons[19]).toMatch(/line breaks or control characters/);
    expect(reasons[20]).toMatch(/Unknown list "constructor"/);
    expect(parsed.invalid).toHaveLength(16);
  });
});

describe('decoding the chosen file', () => {
  it('accepts UTF-8 with or without BOM', () => {
    const bytes = new TextEncoder().encode('email,list,reason,date\njörg@müller.de,all,email,2026-01-01\n');
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text: 'email,list,reason,date\njörg@müller.de,all,email,2026-01-01\n' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    expect(decodeCsvBytes(bom)).toEqual({ ok: true, text: 'email,list,reason,date\njörg@müller.de,all,email,2026-01-01\n' });
  });
  it('refuses Latin-1, UTF-16 and binary files with a clear message', () => {
    const latin1 = Buffer.from('email,list,reason,date\nj\xf6rg@example.de,all,email,2026-01-01\n', 'latin1');
    expect(decodeCsvBytes(latin1)).toEqual({ ok: false, message: NOT_UTF8 });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email,list', 'utf16le')]);
    expect(decodeCsvBytes(utf16)).toMatchObject({ ok: false, message: expect.stringMatching(/UTF-16/) });
    expect(decodeCsvBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatchObject({ ok: false });
    expect(decodeCsvBytes(new Uint8Array())).toEqual({ ok: false, message: 'The file is empty.' });
  });
});
