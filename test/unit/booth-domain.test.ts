import { describe, expect, it } from 'vitest';
import { ageOn, birthDateFromParts, birthDatePartsSchema, checkAnswers, normaliseAnswer, type SurveyQuestion } from '../../src/shared/booth';
import { captureInput } from '../../src/shared/contract/booth';
import { questionInput } from '../../src/shared/contract/events';
import { normalisePhone } from '../../src/main/booth/normalise';
import { uuidV7 } from '../../src/shared/uuid7';

const Q: SurveyQuestion[] = [
  { id: 1, kind: 'text', prompt: 'Comments', options: [], required: false },
  { id: 2, kind: 'single', prompt: 'Pick one', options: ['A', 'B'], required: true },
  { id: 3, kind: 'multiple', prompt: 'Pick some', options: ['X', 'Y', 'Z'], required: false },
  { id: 4, kind: 'rating', prompt: 'Rate', options: [], required: true },
];

describe('survey answers', () => {
  it('accepts valid answers and reports each problem under its question', () => {
    expect(checkAnswers(Q, { q2: 'A', q4: 5 })).toEqual([]);
    expect(checkAnswers(Q, { q1: '  ', q2: 'A', q3: [], q4: 1 })).toEqual([]);
    expect(checkAnswers(Q, {}).map((i) => i.path)).toEqual(['answers.q2', 'answers.q4']);
    expect(checkAnswers(Q, { q2: 'C', q3: ['X', 'X'], q4: 6 }).map((i) => i.path)).toEqual(['answers.q2', 'answers.q3', 'answers.q4']);
    expect(checkAnswers(Q, { q2: 'A', q4: 2.5 })).toEqual([{ path: 'answers.q4', key: 'answer_rating', params: { max: 5 }, message: 'Choose a rating from 1 to 5.' }]);
    expect(checkAnswers(Q, { q2: ['A'], q4: 3 })[0]?.path).toBe('answers.q2');
    expect(checkAnswers(Q, { q2: 'A', q4: 3, q9: 'x' })).toEqual([{ path: 'answers.q9', key: 'answer_not_in_survey', params: {}, message: 'This question is not part of the survey.' }]);
    expect(checkAnswers(Q, { q1: 'bell\u0007', q2: 'A', q4: 3 })[0]?.path).toBe('answers.q1');
  });

  it('stores answers in a normal form', () => {
    expect(normaliseAnswer(Q[0]!, '  hi  ')).toBe('hi');
    expect(normaliseAnswer(Q[0]!, '   ')).toBeNull();
    expect(normaliseAnswer(Q[2]!, ['Z', 'X'])).toEqual(['X', 'Z']);
    expect(normaliseAnswer(Q[2]!, [])).toBeNull();
    expect(normaliseAnswer(Q[3]!, undefined)).toBeNull();
  });

  it('refuses malformed question definitions', () => {
    expect(questionInput.safeParse({ kind: 'single', prompt: 'P', options: ['a', 'b'], required: true }).success).toBe(true);
    expect(questionInput.safeParse({ kind: 'single', prompt: 'P', options: ['a', 'A'], required: true }).success).toBe(false);
    expect(questionInput.safeParse({ kind: 'rating', prompt: 'P', options: ['1'], required: true }).success).toBe(false);
    expect(questionInput.safeParse({ kind: 'essay', prompt: 'P', options: [], required: true }).success).toBe(false);
  });
});

describe('neutral birth date', () => {
  it('builds real calendar dates only', () => {
    expect(birthDateFromParts('24', '5', '1990')).toBe('1990-05-24');
    expect(birthDateFromParts(' 1', '01', '2000 ')).toBe('2000-01-01');
    expect(birthDateFromParts('29', '2', '2024')).toBe('2024-02-29');
    expect(birthDateFromParts('29', '2', '2023')).toBeNull();
    expect(birthDateFromParts('31', '4', '1990')).toBeNull();
    expect(birthDateFromParts('1', '13', '1990')).toBeNull();
    expect(birthDateFromParts('1', '1', '90')).toBeNull();
    expect(birthDateFromParts('1', '1', '1850')).toBeNull();
    expect(birthDateFromParts('a', '1', '1990')).toBeNull();
  });

  it('gives one neutral message for every problem', () => {
    const messages = [
      birthDatePartsSchema.safeParse({ day: '', month: '', year: '' }),
      birthDatePartsSchema.safeParse({ day: '31', month: '2', year: '2001' }),
      birthDatePartsSchema.safeParse({ day: '1', month: '1', year: '1800' }),
    ].map((r) => (r.success ? null : r.error.issues[0]!.message));
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).not.toMatch(/13|age|old|young/i);
  });

  it('counts whole years, birthdays included', () => {
    expect(ageOn('2013-11-26', '2026-11-26')).toBe(13);
    expect(ageOn('2013-11-27', '2026-11-26')).toBe(12);
    expect(ageOn('2012-02-29', '2025-02-28')).toBe(12);
    expect(ageOn('2012-02-29', '2025-03-01')).toBe(13);
    expect(ageOn('1990-12-31', '2026-01-01')).toBe(35);
  });
});

describe('entrant fields', () => {
  const base = {
    eventId: 1,
    language: 'fi',
    rulesVersionId: 1,
    noticeVersionId: 2,
    questionIds: [],
    birthDate: '1990-01-01',
    name: 'A',
    email: 'a@example.com',
    phone: '',
    address: '',
    title: '',
    company: '',
    answers: {},
    rulesAccepted: true,
    marketingConsent: false,
  };
  it('checks phone, email and the rules acceptance, and refuses unknown fields', () => {
    expect(captureInput.safeParse(base).success).toBe(true);
    expect(captureInput.safeParse({ ...base, phone: '+358 (0)40-123.4567' }).success).toBe(true);
    expect(captureInput.safeParse({ ...base, phone: '123' }).success).toBe(false);
    expect(captureInput.safeParse({ ...base, phone: 'call me' }).success).toBe(false);
    expect(captureInput.safeParse({ ...base, email: 'a@b' }).success).toBe(false);
    expect(captureInput.safeParse({ ...base, rulesAccepted: false }).success).toBe(false);
    expect(captureInput.safeParse({ ...base, accountId: 5 }).success).toBe(false);
    expect(captureInput.safeParse({ ...base, language: 'sv' }).success).toBe(false);
    const { language: _l, ...noLanguage } = base;
    expect(captureInput.safeParse(noLanguage).success).toBe(false);
    expect(captureInput.safeParse({ ...base, name: 'Line\nbreak' }).success).toBe(false);
  });
});

describe('phone normal form', () => {
  it('makes one key of the ways a number is typed', () => {
    expect(normalisePhone('+358 40 123 4567')).toBe('+358401234567');
    expect(normalisePhone('+358-40-1234567')).toBe('+358401234567');
    expect(normalisePhone('00358 40 123 4567')).toBe('+358401234567');
    expect(normalisePhone('040 123 4567')).toBe('0401234567');
    expect(normalisePhone('  ')).toBe('');
  });
});

describe('entry ids', () => {
  it('are version 7 UUIDs, unique, ordered by time', () => {
    const a = uuidV7(1_700_000_000_000);
    const b = uuidV7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
    const many = new Set(Array.from({ length: 10_000 }, () => uuidV7(1_700_000_000_000)));
    expect(many.size).toBe(10_000);
  });
});
