import type { Database } from 'better-sqlite3-multiple-ciphers';
import { normaliseEmail } from '../../shared/email';
import type { Lead, LeadStatus, PermissionMethod } from '../../shared/contract/leads';
import type { Language } from '../../shared/i18n';
import { ftsQuery, matchTier, rankHits } from '../search/fts';
import { uuidV7 } from '../../shared/uuid7';

/** The columns of a leads row both this repository and the lead replica read. */
export interface LeadColumns {
  id: number;
  name: string;
  phone: string;
  email: string | null;
  company: string | null;
  notes: string | null;
  converted_account_id: number | null;
  converted_at: string | null;
  created_at: string;
  updated_at: string;
  perm_obtained_by_staff_id: number | null;
  perm_obtained_by_name: string;
  perm_obtained_at: string;
  perm_method: PermissionMethod;
  perm_script_version: string;
  perm_script_sha256: string;
  perm_script_language: Language;
  perm_confirmation: string;
  perm_recorded_at: string;
}

interface LeadRow extends LeadColumns {
  status: LeadStatus;
  recorded_by_name: string;
}

const SELECT = `
  SELECT l.*, s.display_name AS recorded_by_name
  FROM leads l JOIN staff s ON s.id = l.perm_recorded_by`;

const toLead = (r: LeadRow): Lead => ({
  id: r.id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  company: r.company,
  notes: r.notes,
  status: r.status,
  convertedAccountId: r.converted_account_id,
  convertedAt: r.converted_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  permission: {
    obtainedByStaffId: r.perm_obtained_by_staff_id,
    obtainedByName: r.perm_obtained_by_name,
    obtainedAt: r.perm_obtained_at,
    method: r.perm_method,
    scriptVersion: r.perm_script_version,
    scriptSha256: r.perm_script_sha256,
    scriptLanguage: r.perm_script_language,
    confirmation: r.perm_confirmation,
    recordedAt: r.perm_recorded_at,
    recordedByName: r.recorded_by_name,
  },
});

/** How leads are matched to a data subject's email: the app-wide normal form. */
export const normaliseLeadEmail = normaliseEmail;
/** Digits only: how leads are matched to a data subject's phone number. */
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

export interface LeadContact {
  name: string;
  phone: string;
  email: string | null;
  company: string | null;
  notes: string | null;
}

export interface PermissionRecord {
  obtainedByStaffId: number | null;
  obtainedByName: string;
  obtainedAt: string;
  method: PermissionMethod;
  scriptVersion: string;
  scriptSha256: string;
  scriptLanguage: Language;
  confirmation: string;
}

/** name, phone, phone_digits, email, email_norm, company, notes: the contact as stored, with its matching forms. */
const contactColumns = (c: LeadContact) =>
  [c.name, c.phone, phoneDigits(c.phone), c.email, c.email === null ? null : normaliseLeadEmail(c.email), c.company, c.notes] as const;

/**
 * Stores a lead with its permission block in one row. The table's CHECK constraints refuse a row
 * with any part of the block missing, so even a caller that skipped validation stores nothing.
 */
export function insertLead(db: Database, c: LeadContact, p: PermissionRecord, by: number, at: string): number {
  const info = db
    .prepare(
      `INSERT INTO leads (gid, name, phone, phone_digits, email, email_norm, company, notes, status, created_at, created_by, updated_at,
         perm_obtained_by_staff_id, perm_obtained_by_name, perm_obtained_at, perm_method, perm_script_version, perm_script_sha256,
         perm_script_language, perm_confirmation, perm_recorded_at, perm_recorded_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      uuidV7(Date.parse(at)),
      ...contactColumns(c),
      at,
      by,
      at,
      p.obtainedByStaffId,
      p.obtainedByName,
      p.obtainedAt,
      p.method,
      p.scriptVersion,
      p.scriptSha256,
      p.scriptLanguage,
      p.confirmation,
      at,
      by,
    );
  return Number(info.lastInsertRowid);
}

export function updateLeadContact(db: Database, id: number, c: LeadContact, at: string): void {
  db.prepare('UPDATE leads SET name = ?, phone = ?, phone_digits = ?, email = ?, email_norm = ?, company = ?, notes = ?, updated_at = ? WHERE id = ?').run(
    ...contactColumns(c),
    at,
    id,
  );
}

export function markConverted(db: Database, id: number, accountId: number, at: string): void {
  db.prepare("UPDATE leads SET status = 'converted', converted_account_id = ?, converted_at = ?, updated_at = ? WHERE id = ?").run(accountId, at, at, id);
}

export function deleteLead(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM leads WHERE id = ?').run(id).changes === 1;
}

export function findLead(db: Database, id: number): Lead | null {
  const r = db.prepare(`${SELECT} WHERE l.id = ?`).get(id) as LeadRow | undefined;
  return r ? toLead(r) : null;
}

/** LIKE pattern for a substring search, with the wildcards in the needle escaped. */
const likeContains = (needle: string) => `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function listLeads(db: Database, opts: { status: LeadStatus | 'all'; query: string; beforeId?: number; limit: number }): { leads: Lead[]; nextBeforeId: number | null } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.status !== 'all') {
    where.push('l.status = ?');
    params.push(opts.status);
  }
  if (opts.beforeId !== undefined) {
    where.push('l.id < ?');
    params.push(opts.beforeId);
  }
  const match = opts.query ? ftsQuery(opts.query, ['name', 'company', 'email_norm'], 'phone_digits') : null;
  if (match) {
    // Indexed search: the best matches, ranked (exact, then start of a word, then bm25); one page.
    where.push('l.id IN (SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?)');
    params.push(match);
    const sql = `${SELECT} JOIN (SELECT rowid AS hit, rank FROM leads_fts WHERE leads_fts MATCH ?) f ON f.hit = l.id WHERE ${where.join(' AND ')} ORDER BY f.rank LIMIT ?`;
    const rows = db.prepare(sql).all(match, ...params, opts.limit) as LeadRow[];
    const leads = rankHits(rows.map(toLead), (l) => matchTier(opts.query, [l.name, l.company, l.email, l.phone]));
    return { leads, nextBeforeId: null };
  }
  if (opts.query) {
    // Shorter than the index can search (one or two characters): a scan of the leads.
    const digits = phoneDigits(opts.query);
    const like = likeContains(opts.query.toLowerCase());
    where.push(`(lower(l.name) LIKE ? ESCAPE '\\' OR lower(coalesce(l.company, '')) LIKE ? ESCAPE '\\' OR coalesce(l.email_norm, '') LIKE ? ESCAPE '\\'${digits.length >= 3 ? ' OR l.phone_digits LIKE ?' : ''})`);
    params.push(like, like, like);
    if (digits.length >= 3) params.push(`%${digits}%`);
  }
  const rows = db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY l.id DESC LIMIT ?`).all(...params, opts.limit) as LeadRow[];
  const leads = rows.map(toLead);
  return { leads, nextBeforeId: leads.length === opts.limit ? leads[leads.length - 1]!.id : null };
}

/**
 * Do two phone numbers name the same line? Digits only; a national number (leading trunk 0, as in
 * "040 111 2222") matches the international form ("+358 40 111 2222") when the international one
 * ends with its digits. At least 7 significant digits must agree, so short numbers never match by
 * accident: a false match would put another person's data into someone's access export.
 */
export function samePhone(a: string, b: string): boolean {
  const x = phoneDigits(a).replace(/^0+/, '');
  const y = phoneDigits(b).replace(/^0+/, '');
  if (x.length < 7 || y.length < 7) return false;
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  // The longer one carries a country code of 1 to 3 digits in front of the national number.
  return long.length - short.length <= 3 && long.endsWith(short);
}

/** Leads of one data subject: same normalised email, or (when a phone is given) the same phone line. */
export function findLeadsOfSubject(db: Database, subject: { emailNorm: string; phone?: string | null }): Lead[] {
  const byEmail = db.prepare(`${SELECT} WHERE l.email_norm = ? ORDER BY l.id`).all(subject.emailNorm) as LeadRow[];
  const found = new Map(byEmail.map((r) => [r.id, r]));
  const digits = subject.phone ? phoneDigits(subject.phone).replace(/^0+/, '') : '';
  if (digits.length >= 7) {
    // Candidates share the last 7 digits; samePhone decides.
    const tail = digits.slice(-7);
    for (const r of db.prepare(`${SELECT} WHERE l.phone_digits LIKE ? ORDER BY l.id`).all(`%${tail}`) as LeadRow[]) {
      if (samePhone(r.phone, subject.phone!)) found.set(r.id, r);
    }
  }
  return [...found.values()].sort((a, b) => a.id - b.id).map(toLead);
}
