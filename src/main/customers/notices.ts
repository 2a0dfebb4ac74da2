import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Notice } from '../../shared/contract/customers';
import { NOTICE_IDS, type NoticeId } from '../../shared/customers-lists';
import { appError } from '../../shared/errors';
import type { Language } from '../../shared/i18n';

/** `<notice>-v<N>.txt` is the English text; `<notice>-v<N>-<lang>.txt` the same version in another language. */
const FILE = /^([a-z]+)-v(\d+)(?:-([a-z]{2}))?\.txt$/;

/** English first: callers that take the first notice of an id get the published language. */
const NOTICE_LANGUAGES: readonly Language[] = ['en', 'fi'];

interface NoticeSet {
  current: Map<string, Notice>;
}

const keyOf = (id: NoticeId, language: Language): string => `${id}:${language}`;

/** The version id names the language too, so a recorded version says which text was shown. */
const versionId = (n: number, language: Language): string => (language === 'en' ? `v${n}` : `v${n}-${language}`);

const cache = new Map<string, NoticeSet>();

/**
 * Reads the consent notice texts from resources/notices. The newest version of each is current.
 * The hash covers the file's exact bytes, so a recorded consent proves which words were shown.
 */
function load(resourcesDir: string): NoticeSet {
  const hit = cache.get(resourcesDir);
  if (hit) return hit;
  const dir = path.join(resourcesDir, 'notices');
  const best = new Map<string, { version: number; file: string }>();
  for (const file of fs.readdirSync(dir)) {
    const m = FILE.exec(file);
    if (!m || !(NOTICE_IDS as readonly string[]).includes(m[1]!)) continue;
    const language = (m[3] ?? 'en') as Language;
    if (!NOTICE_LANGUAGES.includes(language)) continue;
    const key = keyOf(m[1] as NoticeId, language);
    const version = Number(m[2]);
    if ((best.get(key)?.version ?? 0) < version) best.set(key, { version, file });
  }
  const current = new Map<string, Notice>();
  for (const id of NOTICE_IDS) {
    for (const language of NOTICE_LANGUAGES) {
      const b = best.get(keyOf(id, language));
      if (!b) throw new Error(`consent notice "${id}" (${language}) is missing from ${dir}`);
      const bytes = fs.readFileSync(path.join(dir, b.file));
      current.set(keyOf(id, language), {
        id,
        language,
        version: versionId(b.version, language),
        text: bytes.toString('utf8').trim(),
        hash: createHash('sha256').update(bytes).digest('hex'),
      });
    }
  }
  const set = { current };
  cache.set(resourcesDir, set);
  return set;
}

/** Every current notice, each in every language (English first within an id). */
export function currentNotices(resourcesDir: string): Notice[] {
  return NOTICE_IDS.flatMap((id) => NOTICE_LANGUAGES.map((language) => load(resourcesDir).current.get(keyOf(id, language))!));
}

export function currentNotice(resourcesDir: string, id: NoticeId, language: Language): Notice {
  return load(resourcesDir).current.get(keyOf(id, language))!;
}

/**
 * The form showed `version` (in whichever language it was shown); refuse if that is not a current
 * text, so a changed, unknown or forged version never reaches a consent event.
 */
export function requireCurrentNotice(resourcesDir: string, id: NoticeId, version: string): Notice {
  const notice = NOTICE_LANGUAGES.map((language) => currentNotice(resourcesDir, id, language)).find((n) => n.version === version);
  if (!notice) throw appError('register.notice_changed');
  return notice;
}
