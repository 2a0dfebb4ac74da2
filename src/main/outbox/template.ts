import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../shared/i18n';

export interface MailText {
  subject: string;
  body: string;
}

const cache = new Map<string, { subject: string; body: string }>();

/** resources/templates/<name>.<language>.txt */
function load(resourcesDir: string, name: string, language: Language) {
  const file = path.join(resourcesDir, 'templates', `${name}.${language}.txt`);
  let t = cache.get(file);
  if (!t) {
    const raw = fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    const m = /^Subject: (.+)\n---\n([\s\S]*)$/.exec(raw);
    if (!m) throw new Error(`template ${file} must start with "Subject: …" and a line "---"`);
    t = { subject: m[1]!.trim(), body: m[2]! };
    cache.set(file, t);
  }
  return t;
}

/**
 * Fills `{{placeholder}}`s in one pass: inserted values are never read again as template text, so a
 * name like "{{accountId}}" stays literal. A placeholder with no value is a bug and throws.
 */
function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const v = vars[key];
    if (v === undefined) throw new Error(`template placeholder {{${key}}} has no value`);
    return v;
  });
}

/** The template `name` in `language`, filled with `vars`. */
export function renderTemplate(resourcesDir: string, name: string, language: Language, vars: Record<string, string>): MailText {
  const t = load(resourcesDir, name, language);
  const subject = fill(t.subject, vars);
  // Header safety: the subject is one line whatever the values hold.
  if (/[\r\n]/.test(subject)) throw new Error('a mail subject cannot contain line breaks');
  return { subject, body: fill(t.body, vars) };
}
