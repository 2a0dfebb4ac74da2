import fs from 'node:fs';
import type { FeatureJobs } from '../context';
import type { JobBody } from '../jobs/job-context';
import { emailHasher, suppressedLists } from '../accounts/suppression';
import { fsyncFile } from '../exports/save-flow';
import { collectAccess, summarise } from './collect';
import { eraseSubject } from './erase';
import { renderAccessHtml } from './render-html';
import { scrubStore } from './scrub';
import { readsOfSubject } from './access-log';
import { resolveSubject, type Subject } from './subject';

/** Ids only: what an audit row may say about whom a request concerned. */
const idsOf = (subject: Subject) => ({
  subjectType: subject.account ? ('account' as const) : null,
  subjectId: subject.account?.id ?? null,
  leadIds: subject.leads.map((l) => l.id),
  entryIds: subject.entries.map((e) => e.uuid),
});

/** Worker: the erasure on write connections of its own (erase.ts). Not cancellable: it must finish. */
const eraseJob: JobBody<'dsr.erase'> = async (job) => {
  job.progress(0, 'erasing');
  return eraseSubject({ customers: job.open('customers', false), contests: job.open('contests', false), actor: job.actor }, job.params);
};

/**
 * Worker: everything stored about one person, from read-only connections of its own (the scans
 * of entries and of the audit log take far too long for the main thread at full size). With a
 * file, the document is written and synced there; the main thread renames it with its audit row.
 */
const accessJob: JobBody<'dsr.access'> = async (job) => {
  const p = job.params;
  const stores = { customers: job.open('customers', true), contests: job.open('contests', true) };
  const subject = resolveSubject(stores.customers, stores.contests, { email: p.email, phone: p.phone });
  const hmac = emailHasher(p.suppressionKeyHex)(subject.emailNorm);
  const doc = collectAccess(stores, subject, { generatedAt: p.generatedAt, generatedBy: p.generatedBy, reference: p.reference, suppressedLists: suppressedLists(stores.customers, hmac) });
  const ids = idsOf(subject);
  let bytes = 0;
  if (p.file) {
    const content = p.file.format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : renderAccessHtml(doc);
    try {
      fs.writeFileSync(p.file.tempPath, content, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
      fsyncFile(p.file.tempPath);
    } catch (e) {
      fs.rmSync(p.file.tempPath, { force: true });
      throw e;
    }
    bytes = Buffer.byteLength(content, 'utf8');
  }
  return { summary: summarise(doc, subject), ids, bytes };
};

/** Worker: one page of the access log about one person (finding them scans every entry). */
const accessLogJob: JobBody<'dsr.accessLog'> = async (job) => {
  const p = job.params;
  const customers = job.open('customers', true);
  const subject = resolveSubject(customers, job.open('contests', true), { email: p.email });
  const ids = idsOf(subject);
  const page = readsOfSubject(customers, { accountId: ids.subjectId, leadIds: ids.leadIds, entryUuids: ids.entryIds }, { beforeSeq: p.beforeSeq, limit: p.limit });
  return { ...page, ids };
};

/** Worker: secure_delete, VACUUM and a truncated WAL for customers.db (scrub.ts), on a write connection of its own. */
const scrubJob: JobBody<'dsr.scrub'> = async (job) => {
  job.progress(0, 'erasing');
  return scrubStore(job.open('customers', false), (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
};

/** The bodies of this feature's job kinds. The worker thread loads only these files, not the handlers. */
export const dsrJobs = { 'dsr.erase': eraseJob, 'dsr.access': accessJob, 'dsr.accessLog': accessLogJob, 'dsr.scrub': scrubJob } satisfies FeatureJobs<'dsr'>;
