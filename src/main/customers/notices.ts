import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Notice } from '../../shared/contract/customers';
import { NOTICE_IDS, type NoticeId } from '../../shared/customers-lists';
import { appError } from '../../shared/errors';

const FILE = /^([a-z]+)-v(\d+)\.txt$/;

interface NoticeSet {
  current: Map<NoticeId, Notice>;
}

const cache = new Map<string, NoticeSet>();

/**
 * Reads the consent notice texts from resources/notices. The newest version of each is current.
 * The hash covers the file's exact bytes, so a recorded consent proves which words were shown.
 */
function load(resourcesDir: string): NoticeSet {
  const hit = cache.get(resourcesDir);
  if (hit) return hit;
  const dir = path.join(resourcesDir, 'notices');
  const best = new Map<NoticeId, { version: number; file: string }>();
  for (const file of fs.readdirSync(dir)) {
    const m = FILE.exec(file);
    if (!m || !(NOTICE_IDS as readonly string[]).includes(m[1]!)) continue;
    const id = m[1] as NoticeId;
    const version = Number(m[2]);
    if ((best.get(id)?.version ?? 0) < version) best.set(id, { version, file });
  }
  const current = new Map<NoticeId, Notice>();
  for (const id of NOTICE_IDS) {
    const b = best.get(id);
    if (!b) throw new Error(`consent notice "${id}" is missing from ${dir}`);
    const bytes = fs.readFileSync(path.join(dir, b.file));
    current.set(id, { id, version: `v${b.version}`, text: bytes.toString('utf8').trim(), hash: createHash('sha256').update(bytes).digest('hex') });
  }
  const set = { current };
  cache.set(resourcesDir, set);
  return set;
}

export function currentNotices(resourcesDir: string): Notice[] {
  return NOTICE_IDS.map((id) => load(resourcesDir).current.get(id)!);
}

export function currentNotice(resourcesDir: string, id: NoticeId): Notice {
  return load(resourcesDir).current.get(id)!;
}

/** The form showed `version`; refuse if the text changed since (the person agreed to other words). */
export function requireCurrentNotice(resourcesDir: string, id: NoticeId, version: string): Notice {
  const notice = currentNotice(resourcesDir, id);
  if (notice.version !== version) {
    throw appError('register.notice_changed');
  }
  return notice;
}
