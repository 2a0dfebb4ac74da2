import type { Database } from 'better-sqlite3-multiple-ciphers';
import { LIST_BIT, LIST_LABELS, OPT_OUT_REASON_LABELS, CONSENT_METHOD_LABELS, type MailingList } from '../../../shared/customers-lists';
import { appError } from '../../../shared/errors';
import { suppressionFilter, suppressionKeyHex } from '../../accounts/suppression';
import type { Cell, ExportColumn } from '../types';
import { slug, type ExportKindDef, type ExportSource } from './types';

/**
 * Customer kinds (customers.db). Service notes and billing details live in tables of their own and
 * are never read here (policy 2c). Erased accounts are tombstones with no personal data: the
 * account exports skip them, the opt-out export shows them with empty name and email.
 */

function productName(db: Database, productId: number | undefined): string | null {
  if (productId === undefined) return null;
  const p = db.prepare('SELECT name FROM products WHERE id = ?').get(productId) as { name: string } | undefined;
  if (!p) throw appError('exports.product_gone');
  return p.name;
}

/** SQL labels for the enumerations, so rows leave SQLite ready to write. */
const caseOf = (column: string, labels: Record<string, string>) =>
  `CASE ${column} ${Object.entries(labels)
    .map(([k, v]) => `WHEN '${k}' THEN '${v.replaceAll("'", "''")}'`)
    .join(' ')} ELSE ${column} END`;

const ACCOUNT_COLUMNS: ExportColumn[] = [
  { header: 'Account ID', width: 10 },
  { header: 'Name', width: 24 },
  { header: 'Email', width: 30 },
  { header: 'Product', width: 20 },
  { header: 'Status', width: 10 },
  { header: 'Registered at (UTC)', width: 26 },
  { header: 'Cancelled at (UTC)', width: 26 },
  { header: 'Technical advisories', width: 12 },
  { header: 'Call detail reports', width: 12 },
  { header: 'Email marketing', width: 12 },
];

const subscribedSql = (list: MailingList) => `CASE WHEN s.lists & ${LIST_BIT[list]} THEN 'yes' ELSE 'no' END`;

export const accounts: ExportKindDef<'accounts'> = {
  kind: 'accounts',
  requires: { customers: ['accounts', 'account_state', 'products'] },
  prepare(ctx, filters) {
    const product = productName(ctx.stores.customers, filters.productId);
    return {
      baseName: `accounts-${filters.status}${product ? `-${slug(product)}` : ''}-${ctx.today()}`,
      sheetName: 'Accounts',
      subject: filters.productId ? { type: 'product', id: filters.productId } : null,
      secrets: {},
    };
  },
  open(open, filters): ExportSource {
    const db = open('customers');
    db.exec('BEGIN');
    const where = ["s.status <> 'erased'"];
    const params: unknown[] = [];
    if (filters.status !== 'all') {
      where.push('s.status = ?');
      params.push(filters.status);
    }
    if (filters.productId !== undefined) {
      where.push('a.product_id = ?');
      params.push(filters.productId);
    }
    const clause = where.join(' AND ');
    const total = (db.prepare(`SELECT count(*) AS n FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE ${clause}`).get(...params) as { n: number }).n;
    const stmt = db.prepare(
      `SELECT a.id, a.name, a.email, p.name, s.status, a.created_at, s.cancelled_at,
              ${subscribedSql('technical_advisories')}, ${subscribedSql('call_detail_reports')}, ${subscribedSql('email_marketing')}
       FROM accounts a JOIN account_state s ON s.account_id = a.id JOIN products p ON p.id = a.product_id WHERE ${clause} ORDER BY a.id`,
    );
    return { columns: ACCOUNT_COLUMNS, total, rows: stmt.raw(true).iterate(...params) as Iterable<Cell[]> };
  },
};

const MARKETING_COLUMNS: ExportColumn[] = [
  { header: 'Account ID', width: 10 },
  { header: 'Name', width: 24 },
  { header: 'Email', width: 30 },
  { header: 'Product', width: 20 },
  { header: 'Subscribed since (UTC)', width: 26 },
  { header: 'Consent notice version', width: 12 },
];

/**
 * Active accounts whose email marketing consent is current (policy 1a: opt-in only), minus every
 * address on the suppression list for email marketing, which also covers opt-outs of people
 * whose account was erased or who never had one.
 */
export const marketingList: ExportKindDef<'marketing_list'> = {
  kind: 'marketing_list',
  requires: { customers: ['accounts', 'account_state', 'products', 'consent_events', 'suppression'] },
  async prepare(ctx, filters) {
    const product = productName(ctx.stores.customers, filters.productId);
    return {
      baseName: `email-marketing${product ? `-${slug(product)}` : ''}-${ctx.today()}`,
      sheetName: 'Email marketing',
      subject: filters.productId ? { type: 'product', id: filters.productId } : null,
      secrets: { suppressionKeyHex: await suppressionKeyHex(ctx.deps.vault, ctx.services.settings, ctx.stores.customers) },
    };
  },
  open(open, filters, secrets): ExportSource {
    if (!secrets.suppressionKeyHex) throw new Error('the suppression key was not passed to the export');
    const db = open('customers');
    db.exec('BEGIN');
    const where = ["s.status = 'active'", `s.lists & ${LIST_BIT.email_marketing}`];
    const params: unknown[] = [];
    if (filters.productId !== undefined) {
      where.push('a.product_id = ?');
      params.push(filters.productId);
    }
    const clause = where.join(' AND ');
    const total = (db.prepare(`SELECT count(*) AS n FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE ${clause}`).get(...params) as { n: number }).n;
    const stmt = db.prepare(
      `SELECT a.id, a.name, a.email, p.name, c.recorded_at, c.notice_version
       FROM accounts a
       JOIN account_state s ON s.account_id = a.id
       JOIN consent_events c ON c.id = (SELECT max(id) FROM consent_events WHERE account_id = a.id AND list = 'email_marketing')
       JOIN products p ON p.id = a.product_id
       WHERE ${clause} AND c.action = 'subscribe' ORDER BY a.id`,
    );
    // A connection that is iterating cannot run other statements, so the lookups get their own.
    const lookups = open('customers');
    lookups.exec('BEGIN');
    const suppressed = suppressionFilter(lookups, secrets.suppressionKeyHex, 'email_marketing');
    const source = stmt.raw(true).iterate(...params) as Iterable<Cell[]>;
    return {
      columns: MARKETING_COLUMNS,
      total,
      rows: (function* () {
        for (const row of source) if (!suppressed(row[2] as string)) yield row;
      })(),
    };
  },
};

const OPTOUT_COLUMNS: ExportColumn[] = [
  { header: 'Account ID', width: 10 },
  { header: 'Name', width: 24 },
  { header: 'Email', width: 30 },
  { header: 'List', width: 22 },
  { header: 'Reason', width: 26 },
  { header: 'How', width: 20 },
  { header: 'Because the account was cancelled', width: 12 },
  { header: 'Requested on', width: 12 },
  { header: 'Recorded at (UTC)', width: 26 },
];

export const optouts: ExportKindDef<'optouts'> = {
  kind: 'optouts',
  requires: { customers: ['accounts', 'consent_events'] },
  prepare(_ctx, filters) {
    return {
      baseName: `optouts-${filters.list ? `${slug(LIST_LABELS[filters.list])}-` : ''}${filters.from}-to-${filters.to}`,
      sheetName: 'Opt-outs',
      subject: null,
      secrets: {},
    };
  },
  open(open, filters): ExportSource {
    const db = open('customers');
    db.exec('BEGIN');
    const where = ["c.action = 'unsubscribe'", 'c.requested_on >= ?', 'c.requested_on <= ?'];
    const params: unknown[] = [filters.from, filters.to];
    if (filters.list) {
      where.push('c.list = ?');
      params.push(filters.list);
    }
    const clause = where.join(' AND ');
    const total = (db.prepare(`SELECT count(*) AS n FROM consent_events c WHERE ${clause}`).get(...params) as { n: number }).n;
    const stmt = db.prepare(
      `SELECT c.account_id, a.name, a.email, ${caseOf('c.list', LIST_LABELS)}, ${caseOf('c.reason', OPT_OUT_REASON_LABELS)}, ${caseOf('c.method', CONSENT_METHOD_LABELS)},
              CASE c.cause WHEN 'account_cancelled' THEN 'yes' ELSE 'no' END, c.requested_on, c.recorded_at
       FROM consent_events c JOIN accounts a ON a.id = c.account_id
       WHERE ${clause} ORDER BY c.requested_on, c.id`,
    );
    return { columns: OPTOUT_COLUMNS, total, rows: stmt.raw(true).iterate(...params) as Iterable<Cell[]> };
  },
};
