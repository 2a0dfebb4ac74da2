import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS } from '../../src/shared/contract/exports';
import { JOB_STEPS } from '../../src/shared/contract/jobs';
import { SYNC_RECORD_KINDS } from '../../src/shared/contract/sync';
import { PUSH_REFUSAL_CODES, REPLICA_TABLES } from '../../src/shared/sync/protocol';
import { ERROR_KEYS, FIELD_KEYS } from '../../src/shared/errors';
import { LISTS, OPT_OUT_REASONS, CONSENT_METHODS } from '../../src/shared/customers-lists';
import { ROLES } from '../../src/shared/roles';
import { AUDIT_ACTIONS } from '../../src/renderer/src/i18n/audit-text';
import { en } from '../../src/renderer/src/i18n/messages/en';
import { fi } from '../../src/renderer/src/i18n/messages/fi';
import { catalogueProblems } from './i18n-catalogue';

const catalogues = { en, fi } as Record<string, Record<string, string>>;

describe('message catalogues', () => {
  it('have the same keys in Finnish and English, valid ICU everywhere, and no argument the English does not give', () => {
    expect(catalogueProblems(en, fi)).toEqual([]);
  });

  it('the check itself reports a key missing on either side, broken ICU and an unknown argument', () => {
    const source = { a: 'A {n}', b: 'B', c: '{count, plural, one {# row} other {# rows}}' };
    expect(catalogueProblems(source, { a: 'A {n}', c: '{count, plural, one {# rivi} other {# riviä}}' })).toEqual(['missing in translation: b']);
    expect(catalogueProblems(source, { ...source, d: 'D' })).toEqual(['missing in source: d']);
    expect(catalogueProblems(source, { ...source, c: '{count, plural, one {# rivi}' })[0]).toMatch(/^not valid ICU: c/);
    expect(catalogueProblems(source, { ...source, a: 'A {m}' })).toEqual(['unknown argument {m} in translation of a']);
  });

  it('word every core error key and field rule key, in both languages', () => {
    for (const [name, messages] of Object.entries(catalogues)) {
      expect(ERROR_KEYS.filter((k) => !(`errors.${k}` in messages)), name).toEqual([]);
      expect(FIELD_KEYS.filter((k) => !(`fieldError.${k}` in messages)), name).toEqual([]);
    }
  });

  it('name every role, list, reason, consent method, export kind, worded audit action, sync refusal and kind of synced record', () => {
    const needed = [
      ...ROLES.map((r) => `role.${r}`),
      ...LISTS.map((l) => `list.${l}`),
      ...OPT_OUT_REASONS.map((r) => `reason.${r}`),
      ...CONSENT_METHODS.map((m) => `method.${m}`),
      ...EXPORT_KINDS.map((k) => `exports.kind.${k}`),
      ...AUDIT_ACTIONS.map((a) => `audit.action.${a}`),
      ...JOB_STEPS.map((s) => `job.step.${s}`),
      ...PUSH_REFUSAL_CODES.map((c) => `sync.refusal.${c}`),
      ...SYNC_RECORD_KINDS.map((k) => `sync.recordKind.${k}`),
      ...REPLICA_TABLES.map((t) => `sync.recordTable.${t}`),
    ];
    for (const [name, messages] of Object.entries(catalogues)) expect(needed.filter((k) => !(k in messages)), name).toEqual([]);
  });

  it('use the plural rules of each language', () => {
    const rows = (lang: 'en' | 'fi', count: number) => new IntlMessageFormat(catalogues[lang]!['common.rows']!, lang).format({ count });
    expect([rows('en', 1), rows('en', 2), rows('en', 0)]).toEqual(['1 row', '2 rows', '0 rows']);
    expect([rows('fi', 1), rows('fi', 2), rows('fi', 0)]).toEqual(['1 rivi', '2 riviä', '0 riviä']);
    const done = (count: number) => new IntlMessageFormat(en['exports.done'], 'en').format({ count, file: 'x.csv' });
    expect(done(1)).toBe('Exported 1 row to x.csv.');
    expect(done(3)).toBe('Exported 3 rows to x.csv.');
  });

  it('word a job step with its row counts in each language', () => {
    const word = (lang: 'en' | 'fi', key: string, values: Record<string, number>) => new IntlMessageFormat(catalogues[lang]![key]!, lang).format(values);
    expect(word('en', 'job.step.writing_rows', { done: 1500, total: 20000 })).toBe('1,500 of 20,000 rows written');
    expect(word('fi', 'job.step.writing_rows', { done: 1500, total: 20000 })).toMatch(/^Kirjoitettu 1\s500\/20\s000 riviä$/);
    expect(word('fi', 'job.step.checking_rows', { done: 1, total: 1 })).toBe('Tarkistettu 1/1 riviä…');
  });

  it('word an error with its parameters, and a missing id through select', () => {
    const word = (lang: 'en' | 'fi', key: string, values: Record<string, string | number>) => new IntlMessageFormat(catalogues[lang]![key]!, lang).format(values);
    expect(word('fi', 'errors.register.email_taken', { accountId: 10423 })).toContain('tilille 10423');
    expect(word('en', 'errors.accounts.not_found', { accountId: 'null' })).toBe('No customer account with that id.');
    expect(word('fi', 'errors.accounts.not_found', { accountId: 7 })).toBe('Tiliä 7 ei ole.');
    expect(word('fi', 'errors.import.file', { reason: 'too_many_rows', max: 100000, detail: '' })).toMatch(/yli 100\u00a0000 riviä/);
  });
});
