import { z } from 'zod';
import { fieldIssue, rule, type FieldIssue } from './errors';
import { EARLIEST_BIRTH_DATE } from './age';
import { emailField } from './email';
import { checked, longText, requiredText, text } from './fields';

/**
 * Event booth domain (policy 2d and 6): entrant fields, survey questions and answers, and
 * the birth date of the neutral age screen. Shared by the core (validation of record) and the
 * kiosk's forms, so both say the same thing about the same input.
 */

export const QUESTION_KINDS = ['text', 'single', 'multiple', 'rating'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  text: 'Free text',
  single: 'Single choice',
  multiple: 'Multiple choice',
  rating: 'Rating (1 to 5)',
};

/** Ratings run from 1 to RATING_MAX. */
export const RATING_MAX = 5;
export const MAX_QUESTIONS = 30;
export const MAX_OPTIONS = 20;
export const TEXT_ANSWER_MAX = 2000;

export interface SurveyQuestion {
  id: number;
  kind: QuestionKind;
  prompt: string;
  /** The choices of 'single' and 'multiple' questions; empty for the other kinds. */
  options: string[];
  required: boolean;
}

/** An answer as the kiosk sends it: text, one choice, several choices, a rating, or nothing. */
export type AnswerValue = string | string[] | number | null;

/** Answers are keyed `q<questionId>`: a bare number would make form libraries build an array. */
export const answerKey = (questionId: number) => `q${questionId}`;

export const answerValue = z.union([
  z.string().max(TEXT_ANSWER_MAX, `An answer can be at most ${TEXT_ANSWER_MAX} characters.`).superRefine(checked('An answer', true)),
  z.array(z.string().max(200).superRefine(checked('A choice', false))).max(MAX_OPTIONS),
  z.number().int(),
  z.null(),
]);

export const answersInput = z.record(z.string().regex(/^q\d{1,12}$/, 'Unknown question.'), answerValue);

const isEmptyAnswer = (v: AnswerValue | undefined): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Checks answers against the questions the entrant was shown. Returns per-field issues with paths
 * `answers.q<id>`, the same paths the kiosk form uses, so a message lands under its question.
 */
export function checkAnswers(questions: readonly SurveyQuestion[], answers: Record<string, AnswerValue>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Set(questions.map((q) => answerKey(q.id)));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) issues.push(fieldIssue(`answers.${key}`, 'answer_not_in_survey'));
  }
  for (const q of questions) {
    const key = answerKey(q.id);
    const path = `answers.${key}`;
    const v = answers[key];
    if (isEmptyAnswer(v)) {
      if (q.required) issues.push(fieldIssue(path, 'answer_required'));
      continue;
    }
    switch (q.kind) {
      case 'text':
        if (typeof v !== 'string') issues.push(fieldIssue(path, 'answer_text'));
        else if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) issues.push(fieldIssue(path, 'answer_control_chars')); // eslint-disable-line no-control-regex
        break;
      case 'single':
        if (typeof v !== 'string' || !q.options.includes(v)) issues.push(fieldIssue(path, 'answer_choice'));
        break;
      case 'multiple':
        if (!Array.isArray(v) || v.some((c) => !q.options.includes(c)) || new Set(v).size !== v.length) issues.push(fieldIssue(path, 'answer_choices'));
        break;
      case 'rating':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > RATING_MAX) issues.push(fieldIssue(path, 'answer_rating', { max: RATING_MAX }));
        break;
    }
  }
  return issues;
}

/** The stored form of an answer: text trimmed, empty answers as null, choices in the options' order. */
export function normaliseAnswer(q: SurveyQuestion, v: AnswerValue | undefined): AnswerValue {
  if (isEmptyAnswer(v)) return null;
  if (q.kind === 'text' && typeof v === 'string') return v.trim();
  if (q.kind === 'multiple' && Array.isArray(v)) return q.options.filter((o) => v.includes(o));
  return v ?? null;
}

// ---------------------------------------------------------------------------------------------
// Entrant fields (policy 2d: name, email, phone, address, title and company).

const PHONE_CHARS = /^[+0-9 ()./-]*$/;

export const entrantPhone = text('Phone', 40)
  .refine((v) => PHONE_CHARS.test(v), 'A phone number may contain digits, spaces and + ( ) - . only.')
  .refine((v) => v === '' || (v.match(/\d/g)?.length ?? 0) >= 5, 'Enter the whole phone number, with its area code.');

export const entrantFields = {
  name: requiredText('Name', 200),
  email: emailField,
  phone: entrantPhone,
  address: longText('Address', 500).transform((v) => v.trim()),
  title: text('Title', 100),
  company: text('Company', 200),
};

export const entrantSchema = z.object(entrantFields).strict();

// ---------------------------------------------------------------------------------------------
// Neutral birth date (policy 6): day, month and year as the entrant types them; no hint of a cut-off.

/** YYYY-MM-DD from the three fields, or null when they do not make a real calendar date. */
export function birthDateFromParts(day: string, month: string, year: string): string | null {
  const d = Number(day.trim());
  const m = Number(month.trim());
  const y = Number(year.trim());
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (iso < EARLIEST_BIRTH_DATE) return null;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return parsed.toISOString().startsWith(iso) ? iso : null;
}

/** The birth date fields of the kiosk: the same message for every problem, so none hints at a rule. */
export const birthDatePartsSchema = z
  .object({ day: z.string(), month: z.string(), year: z.string() })
  .strict()
  .superRefine((v, ctx) => {
    if (birthDateFromParts(v.day, v.month, v.year) === null) ctx.addIssue({ code: 'custom', ...rule('birth_date_parts', { path: ['day'] }) });
  });

export { ageOn } from './age';
