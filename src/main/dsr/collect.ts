import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DsrSummary } from '../../shared/contract/dsr';
import type { ConsentEventView, ListState } from '../../shared/contract/customers';
import type { Lead } from '../../shared/contract/leads';
import type { ServiceNote } from '../../shared/contract/notes';
import { CARD_BRAND_LABELS, type BillingProfile } from '../../shared/contract/billing';
import type { AnswerValue } from '../../shared/booth';
import type { AcceptedText } from '../../shared/contract/entries';
import type { Language } from '../../shared/i18n';
import type { MailingList } from '../../shared/customers-lists';
import { findAccount } from '../accounts/accounts-repo';
import { consentHistory, listStates } from '../accounts/consent-repo';
import { listNotes } from '../notes/repo';
import { findBilling } from '../billing/repo';
import { auditRowsOfSubject, type Subject } from './subject';

/**
 * Everything stored about one data subject, across both databases, as one document. This is the
 * machine-readable form of an access request; render-html.ts turns the same object into the
 * readable document, so the two can never disagree.
 */
export interface AccessDocument {
  format: 'ixo-data-subject-access/1';
  generatedAt: string;
  generatedBy: string;
  reference: string;
  subject: { email: string; phone: string | null };
  controller: { name: string; email: string; phone: string };
  account: {
    id: number;
    name: string;
    email: string;
    status: string;
    product: string;
    createdAt: string;
    cancelledAt: string | null;
    cancelReason: string | null;
    cancelNote: string | null;
  } | null;
  lists: ListState[];
  consentHistory: ConsentEventView[];
  suppressedLists: MailingList[];
  mail: { id: string; kind: string; to: string; subject: string; status: string; createdAt: string; sentAt: string | null }[];
  contestEntries: ContestEntryOut[];
  leads: Lead[];
  /** Policy 2c: kept apart from the account, so shown in a section of their own. */
  serviceNotes: ServiceNote[];
  billing: BillingSummary | null;
  auditTrail: { seq: number; at: string; actor: string; action: string; subjectType: string | null; subjectId: string | null }[];
}

export interface BillingSummary {
  billingName: string;
  address: string[];
  /** "Visa ending 1234": the only card data ever stored. */
  card: string | null;
  updatedAt: string;
}

export interface ContestEntryOut {
  id: string;
  event: { name: string; location: string; startsOn: string; endsOn: string };
  capturedAt: string;
  name: string;
  email: string;
  phone: string;
  address: string;
  title: string;
  company: string;
  answers: { question: string; answer: AnswerValue }[];
  /** The language the entrant chose; each accepted text names its own language. */
  language: Language;
  rules: AcceptedText;
  marketingNotice: AcceptedText;
  marketingConsent: boolean;
  consentHistory: { granted: boolean; method: string; at: string; noticeSha256: string }[];
}

export const CONTROLLER = { name: 'IXO Systems Oy', email: 'support@ixo.fi', phone: '+358 9 31577988' };

function billingSummary(b: BillingProfile | null): BillingSummary | null {
  if (!b) return null;
  return {
    billingName: b.billingName,
    address: [b.addressLine1, b.addressLine2, `${b.postalCode} ${b.city}`, b.country].filter((l): l is string => !!l),
    card: b.card ? `${CARD_BRAND_LABELS[b.card.brand]} ending ${b.card.last4}` : null,
    updatedAt: b.updatedAt,
  };
}

interface EntryDbRow {
  id: number;
  uuid: string;
  captured_at: string;
  name: string;
  email: string;
  phone: string;
  address: string;
  title: string;
  company: string;
  answers: string;
  language: Language;
  marketing_consent: 0 | 1;
  ev_name: string;
  ev_location: string;
  starts_on: string;
  ends_on: string;
  rules_version: number;
  rules_lang: Language;
  rules_sha: string;
  notice_version: number;
  notice_lang: Language;
  notice_sha: string;
}

function contestEntries(contests: Database, entryIds: readonly number[]): ContestEntryOut[] {
  if (entryIds.length === 0) return [];
  const rows = contests
    .prepare(
      `SELECT e.id, e.uuid, e.captured_at, e.name, e.email, e.phone, e.address, e.title, e.company, e.answers, e.language, e.marketing_consent,
              ev.name AS ev_name, ev.location AS ev_location, ev.starts_on, ev.ends_on,
              r.version AS rules_version, r.lang AS rules_lang, r.sha256 AS rules_sha, n.version AS notice_version, n.lang AS notice_lang, n.sha256 AS notice_sha
         FROM entries e JOIN events ev ON ev.id = e.event_id
         JOIN event_texts r ON r.id = e.rules_text_id JOIN event_texts n ON n.id = e.notice_text_id
        WHERE e.id IN (${entryIds.map(() => '?').join(', ')}) ORDER BY e.id`,
    )
    .all(...entryIds) as EntryDbRow[];
  const prompt = contests.prepare('SELECT prompt FROM survey_questions WHERE id = ?');
  const consent = contests.prepare('SELECT granted, method, at, notice_sha256 FROM entry_consent_events WHERE entry_id = ? ORDER BY id');
  return rows.map((r) => {
    const answers = JSON.parse(r.answers) as Record<string, AnswerValue>;
    return {
      id: r.uuid,
      event: { name: r.ev_name, location: r.ev_location, startsOn: r.starts_on, endsOn: r.ends_on },
      capturedAt: r.captured_at,
      name: r.name,
      email: r.email,
      phone: r.phone,
      address: r.address,
      title: r.title,
      company: r.company,
      answers: Object.entries(answers).map(([key, answer]) => ({
        question: (prompt.get(Number(key.slice(1))) as { prompt: string } | undefined)?.prompt ?? `Question ${key.slice(1)}`,
        answer,
      })),
      language: r.language,
      rules: { version: r.rules_version, lang: r.rules_lang, sha256: r.rules_sha },
      marketingNotice: { version: r.notice_version, lang: r.notice_lang, sha256: r.notice_sha },
      marketingConsent: r.marketing_consent === 1,
      consentHistory: (consent.all(r.id) as { granted: 0 | 1; method: string; at: string; notice_sha256: string }[]).map((c) => ({
        granted: c.granted === 1,
        method: c.method,
        at: c.at,
        noticeSha256: c.notice_sha256,
      })),
    };
  });
}

/**
 * Reads everything about the subject. Each database is read inside one read transaction, so the
 * document is a consistent snapshot of each file.
 */
export function collectAccess(
  stores: { customers: Database; contests: Database },
  subject: Subject,
  meta: { generatedAt: string; generatedBy: string; reference: string; suppressedLists: MailingList[] },
): AccessDocument {
  const { customers, contests } = stores;
  const live = subject.account && subject.account.status !== 'erased' ? subject.account : null;
  const entries = contests.transaction(() => contestEntries(contests, subject.entries.map((e) => e.id))).deferred();
  return customers
    .transaction((): AccessDocument => {
      const account = live ? findAccount(customers, live.id) : null;
      const mail = live
        ? (customers
            .prepare('SELECT id, kind, to_address, subject, status, created_at, sent_at FROM mail_outbox WHERE account_id = ? ORDER BY created_at')
            .all(live.id) as { id: string; kind: string; to_address: string; subject: string; status: string; created_at: string; sent_at: string | null }[])
        : [];
      const audit = auditRowsOfSubject(customers, { accountId: subject.account?.id ?? null, leadIds: subject.leads.map((l) => l.id), entryUuids: subject.entries.map((e) => e.uuid) });
      return {
        format: 'ixo-data-subject-access/1',
        generatedAt: meta.generatedAt,
        generatedBy: meta.generatedBy,
        reference: meta.reference,
        subject: { email: subject.email, phone: subject.phone },
        controller: CONTROLLER,
        account: account
          ? {
              id: account.id,
              name: account.name,
              email: account.email,
              status: account.status,
              product: account.product_name,
              createdAt: account.created_at,
              cancelledAt: account.cancelled_at,
              cancelReason: account.cancel_reason,
              cancelNote: account.cancel_note,
            }
          : null,
        lists: account ? listStates(customers, account.id) : [],
        consentHistory: account ? consentHistory(customers, account.id) : [],
        suppressedLists: meta.suppressedLists,
        mail: mail.map((m) => ({ id: m.id, kind: m.kind, to: m.to_address, subject: m.subject, status: m.status, createdAt: m.created_at, sentAt: m.sent_at })),
        contestEntries: entries,
        leads: subject.leads,
        serviceNotes: account ? listNotes(customers, account.id) : [],
        billing: account ? billingSummary(findBilling(customers, account.id)) : null,
        auditTrail: audit
          .reverse()
          .map((a) => ({ seq: a.seq, at: a.at, actor: a.actor_name, action: a.action, subjectType: a.subject_type, subjectId: a.subject_id })),
      };
    })
    .deferred();
}

export function summarise(doc: AccessDocument, subject: Subject): DsrSummary {
  const counts = {
    listMemberships: doc.lists.filter((l) => l.subscribed).length,
    consentEvents: doc.consentHistory.length,
    contestEntries: doc.contestEntries.length,
    leads: doc.leads.length,
    serviceNotes: doc.serviceNotes.length,
    billing: doc.billing ? 1 : 0,
    mail: doc.mail.length,
    suppressedLists: doc.suppressedLists.length,
    auditRows: doc.auditTrail.length,
  };
  return {
    email: subject.email,
    account: subject.account ? { id: subject.account.id, status: subject.account.status } : null,
    counts,
    empty: doc.account === null && counts.contestEntries === 0 && counts.leads === 0,
  };
}
