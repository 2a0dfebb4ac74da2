import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DsrRequestMethod, ErasureReport } from '../../shared/contract/dsr';
import type { ParsedJobParams } from '../../shared/contract';
import { ALL_LISTS_MASK, LISTS, type ConsentMethod, type OptOutReason } from '../../shared/customers-lists';
import { appError } from '../../shared/errors';
import { appendAudit, type AuditEntry } from '../audit/log';
import { isSubscribed, recordConsent } from '../accounts/consent-repo';
import { markErased } from '../accounts/accounts-repo';
import { shareErasure } from '../replica/accounts';
import { shareLeadRemoved } from '../replica/leads';
import { scrubRecordsOfAccount } from '../replica/restricted';
import { addSuppression, emailHasher } from '../accounts/suppression';
import { deleteLead } from '../leads/repo';
import { deleteNotesOfAccount } from '../notes/repo';
import { deleteBilling } from '../billing/repo';
import { ensureSecureDelete, scrubStore } from './scrub';
import { resolveSubject, subjectIsEmpty } from './subject';

const CONSENT_METHOD: Record<DsrRequestMethod, ConsentMethod> = { email_request: 'email_request', phone: 'phone', web_form: 'web_form' };
const OPT_OUT_REASON: Record<DsrRequestMethod, OptOutReason> = { email_request: 'email', phone: 'phone', web_form: 'web_form' };
/** contests.db entry_consent_events.method has its own vocabulary (migration contests/002). */
const ENTRY_CONSENT_METHOD: Record<DsrRequestMethod, 'email_request' | 'phone' | 'form'> = { email_request: 'email_request', phone: 'phone', web_form: 'form' };

/**
 * Erasure of one data subject across both databases.
 *
 * Removed: the account's personal data (the row stays as a tombstone: status 'erased', no name or
 * email), its service notes, billing details and mail, every telemarketing lead of the person, and
 * the personal data of their contest entries (name, email, phone, address, title, company, answers).
 *
 * Kept, without personal data, as proof: the consent events of the account and of the entries
 * (what was agreed to, under which notice text and hash, when, how, taken by whom), plus new
 * withdrawal events for every list and marketing consent still active; and the suppression HMAC of
 * the email for every list, so the address is never mailed again without a new, explicit consent.
 *
 * The two databases cannot commit together (WAL mode has no cross-file atomic commit), so the order
 * makes a crash safe: an audit row 'dsr.erase_started' first, then contests.db, then customers.db
 * with the closing 'dsr.erase' row. Every step finds its rows by the email again, so running the
 * erasure a second time after a crash finishes what is left.
 *
 * It runs in a job's worker thread (dsr/jobs.ts) on write connections of its own: the scans, the
 * deletions and above all the VACUUM of both files take seconds at full size.
 */
export interface ErasureStores {
  /** Write connections of the thread that erases. */
  customers: Database;
  contests: Database;
  actor: { staffId: number; displayName: string };
}

export async function eraseSubject(stores: ErasureStores, input: ParsedJobParams<'dsr.erase'>): Promise<ErasureReport> {
  const { customers, contests } = stores;
  const subject = resolveSubject(customers, contests, { email: input.email, phone: input.phone });
  if (subjectIsEmpty(subject)) {
    throw appError('dsr.nothing_stored');
  }
  const hash = emailHasher(input.suppressionKeyHex);
  const now = input.at;
  const today = input.today;
  const device = input.device;
  const staffId = stores.actor.staffId;
  const accountId = subject.account?.id ?? null;
  const live = subject.account && subject.account.status !== 'erased' ? subject.account : null;
  const tx = <T>(fn: () => T): T => customers.transaction(fn).immediate();
  const contestsTx = <T>(fn: () => T): T => contests.transaction(fn).immediate();
  const audit = (entry: Omit<AuditEntry, 'actorId' | 'actorName'>) => appendAudit(customers, now, { ...entry, actorId: staffId, actorName: stores.actor.displayName });

  ensureSecureDelete(customers);
  ensureSecureDelete(contests);

  tx(() =>
    audit({
      action: 'dsr.erase_started',
      subjectType: accountId !== null ? 'account' : null,
      subjectId: accountId,
      details: { reference: input.reference, leads: subject.leads.length, contestEntries: subject.entries.length },
    }),
  );

  // contests.db: blank the entries' personal data, withdraw their marketing consent, drop their sync records.
  let entryConsentEvents = 0;
  contestsTx(() => {
    const entry = contests.prepare('SELECT e.id, e.uuid, e.marketing_consent, e.notice_text_id, t.sha256 FROM entries e JOIN event_texts t ON t.id = e.notice_text_id WHERE e.id = ?');
    const withdraw = contests.prepare(
      "INSERT INTO entry_consent_events (entry_id, purpose, granted, notice_text_id, notice_sha256, method, at, device, staff_id) VALUES (?, 'marketing', 0, ?, ?, ?, ?, ?, ?)",
    );
    const blank = contests.prepare(
      "UPDATE entries SET name = '', email = '', email_norm = '', phone = '', phone_norm = '', address = '', title = '', company = '', answers = '{}', marketing_consent = 0 WHERE id = ?",
    );
    const dropSync = contests.prepare('DELETE FROM sync_outbox WHERE id = ? OR instr(payload, ?) > 0');
    const countConsent = contests.prepare('SELECT count(*) AS n FROM entry_consent_events WHERE entry_id = ?');
    for (const { id } of subject.entries) {
      const e = entry.get(id) as { id: number; uuid: string; marketing_consent: 0 | 1; notice_text_id: number; sha256: string } | undefined;
      if (!e) continue;
      if (e.marketing_consent === 1) withdraw.run(e.id, e.notice_text_id, e.sha256, ENTRY_CONSENT_METHOD[input.requestMethod], now, device, staffId);
      blank.run(e.id);
      dropSync.run(e.uuid, e.uuid);
      entryConsentEvents += (countConsent.get(e.id) as { n: number }).n;
    }
  });

  const erased = tx(() => {
    let leads = 0;
    const leadIds = new Set(subject.leads.map((l) => l.id));
    if (accountId !== null) {
      for (const r of customers.prepare('SELECT id FROM leads WHERE converted_account_id = ?').all(accountId) as { id: number }[]) leadIds.add(r.id);
    }
    for (const id of leadIds) {
      shareLeadRemoved(customers, id, now);
      if (deleteLead(customers, id)) leads++;
    }

    let serviceNotes = 0;
    let billing = 0;
    let mail = 0;
    let consentEvents = 0;
    if (accountId !== null) {
      serviceNotes = deleteNotesOfAccount(customers, accountId);
      billing = deleteBilling(customers, accountId) ? 1 : 0;
      mail += customers.prepare('DELETE FROM mail_outbox WHERE account_id = ?').run(accountId).changes;
      if (live) {
        // Withdrawal of every list still subscribed: the anonymised proof of withdrawal.
        for (const list of LISTS) {
          if (!isSubscribed(customers, accountId, list)) continue;
          recordConsent(customers, {
            accountId,
            list,
            action: 'unsubscribe',
            method: CONSENT_METHOD[input.requestMethod],
            reason: OPT_OUT_REASON[input.requestMethod],
            requestedOn: today,
            at: now,
            staffId,
            device,
          });
        }
      }
      // Free-text notes on consent events may name the person; the rest of each event is the proof.
      customers.prepare('UPDATE consent_events SET note = NULL WHERE account_id = ? AND note IS NOT NULL').run(accountId);
      consentEvents = (customers.prepare('SELECT count(*) AS n FROM consent_events WHERE account_id = ?').get(accountId) as { n: number }).n;
      markErased(customers, accountId, now);
      shareErasure(customers, accountId, now, undefined, hash(subject.emailNorm).toString('hex'));
      const gid = (customers.prepare('SELECT gid FROM accounts WHERE id = ?').get(accountId) as { gid: string | null } | undefined)?.gid;
      if (gid) scrubRecordsOfAccount(customers, gid, subject.emailNorm);
    }
    // Mail to the address that is not tied to the account (there should be none, but be sure).
    for (const r of customers.prepare('SELECT id, to_address FROM mail_outbox WHERE account_id IS NULL').all() as { id: string; to_address: string }[]) {
      if (r.to_address.trim().toLowerCase() === subject.emailNorm) mail += customers.prepare('DELETE FROM mail_outbox WHERE id = ?').run(r.id).changes;
    }

    const hmac = hash(subject.emailNorm);
    addSuppression(customers, hmac, ALL_LISTS_MASK, { reason: OPT_OUT_REASON[input.requestMethod], requestedOn: today, at: now, staffId });

    const report = {
      account: live !== null,
      contestEntries: subject.entries.length,
      leads,
      serviceNotes,
      billing,
      mail,
    };
    audit({
      action: 'dsr.erase',
      subjectType: accountId !== null ? 'account' : null,
      subjectId: accountId,
      details: { reference: input.reference, requestMethod: input.requestMethod, erased: report, consentEventsKept: consentEvents, entryConsentEventsKept: entryConsentEvents },
    });
    return { report, consentEvents };
  });

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const c = await scrubStore(customers, sleep);
  const k = await scrubStore(contests, sleep);

  return {
    accountId,
    erased: erased.report,
    kept: { consentEvents: erased.consentEvents, entryConsentEvents, suppressedLists: LISTS.length },
    scrubbed: { customers: c.vacuumed && c.walTruncated, contests: k.vacuumed && k.walTruncated },
  };
}
