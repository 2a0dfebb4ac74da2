import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../src/shared/contract/customers';
import { RESOURCES } from '../support/core';
import { CUSTOMER_TABLES, registration, snapshot, startCustomers, type CustomersEnv } from './customers-helpers';

let env: CustomersEnv | undefined;
afterEach(async () => {
  await env?.t.close();
  env = undefined;
});

const db = () => env!.t.core.stores!.customers;
const fileHash = (file: string) => createHash('sha256').update(fs.readFileSync(path.join(RESOURCES, 'notices', file))).digest('hex');

async function noticesIn(language: 'fi' | 'en'): Promise<Record<Notice['id'], Notice>> {
  const all = await env!.t.must('office_staff', 'customers.notices', {});
  return Object.fromEntries(all.filter((n) => n.language === language).map((n) => [n.id, n])) as Record<Notice['id'], Notice>;
}

describe('consent notices in the customer language', () => {
  it('serves each notice in Finnish and English, each language its own version and hash of its own file', async () => {
    env = await startCustomers();
    const fi = await noticesIn('fi');
    const en = await noticesIn('en');
    expect(fi.registration.version).toBe('v1-fi');
    expect(fi.registration.hash).toBe(fileHash('registration-v1-fi.txt'));
    expect(fi.marketing.hash).toBe(fileHash('marketing-v1-fi.txt'));
    expect(fi.registration.text).toMatch(/rekisteröit/);
    expect(en.registration.version).toBe('v1');
    expect(en.registration.hash).toBe(fileHash('registration-v1.txt'));
    expect(en.registration.hash).not.toBe(fi.registration.hash);
  });

  it("a Finnish customer's consent events cite the Finnish notice versions, an English customer's the English", async () => {
    env = await startCustomers();
    const fi = await noticesIn('fi');
    const en = await noticesIn('en');
    const rFi = await env.t.must(
      'office_staff',
      'customers.register',
      registration(env, { language: 'fi', marketingOptIn: true, registrationNoticeVersion: fi.registration.version, marketingNoticeVersion: fi.marketing.version }),
    );
    const rEn = await env.t.must(
      'office_staff',
      'customers.register',
      registration(env, { email: 'john@example.com', name: 'John Smith', language: 'en', marketingOptIn: true, registrationNoticeVersion: en.registration.version, marketingNoticeVersion: en.marketing.version }),
    );
    if (rFi.outcome !== 'registered' || rEn.outcome !== 'registered') throw new Error('registration refused');
    const cited = (accountId: number) =>
      db().prepare('SELECT list, notice_id, notice_version, notice_hash FROM consent_events WHERE account_id = ? ORDER BY list').all(accountId) as {
        list: string;
        notice_id: string;
        notice_version: string;
        notice_hash: string;
      }[];
    expect(rFi.account.language).toBe('fi');
    expect(cited(rFi.account.id)).toEqual([
      { list: 'call_detail_reports', notice_id: 'registration', notice_version: 'v1-fi', notice_hash: fileHash('registration-v1-fi.txt') },
      { list: 'email_marketing', notice_id: 'marketing', notice_version: 'v1-fi', notice_hash: fileHash('marketing-v1-fi.txt') },
      { list: 'technical_advisories', notice_id: 'registration', notice_version: 'v1-fi', notice_hash: fileHash('registration-v1-fi.txt') },
    ]);
    expect(cited(rEn.account.id)).toEqual([
      { list: 'call_detail_reports', notice_id: 'registration', notice_version: 'v1', notice_hash: fileHash('registration-v1.txt') },
      { list: 'email_marketing', notice_id: 'marketing', notice_version: 'v1', notice_hash: fileHash('marketing-v1.txt') },
      { list: 'technical_advisories', notice_id: 'registration', notice_version: 'v1', notice_hash: fileHash('registration-v1.txt') },
    ]);
  });

  it('resubscribing a Finnish customer cites the Finnish marketing notice', async () => {
    env = await startCustomers();
    const fi = await noticesIn('fi');
    const r = await env.t.must('office_staff', 'customers.register', registration(env, { language: 'fi', registrationNoticeVersion: fi.registration.version }));
    if (r.outcome !== 'registered') throw new Error('registration refused');
    const a = await env.t.must('office_staff', 'customers.resubscribe', {
      accountId: r.account.id,
      list: 'email_marketing',
      method: 'phone',
      requestedOn: env.clock.now().toISOString().slice(0, 10),
      noticeVersion: fi.marketing.version,
      confirmed: true,
    });
    const marketing = a.history.find((e) => e.list === 'email_marketing');
    expect(marketing?.notice).toEqual({ id: 'marketing', version: 'v1-fi', hash: fileHash('marketing-v1-fi.txt') });
  });

  it.each(['v1-sv', 'v1-FI', 'v2-fi', 'v0', 'v1-fi.txt'])('refuses the forged or unknown notice version %s and writes nothing', async (forged) => {
    env = await startCustomers();
    const before = snapshot(db(), CUSTOMER_TABLES);
    const reg = await env.t.call('office_staff', 'customers.register', registration(env, { language: 'fi', registrationNoticeVersion: forged }));
    expect(reg.ok).toBe(false);
    const mkt = await env.t.call('office_staff', 'customers.register', registration(env, { language: 'fi', marketingOptIn: true, marketingNoticeVersion: forged }));
    expect(mkt.ok).toBe(false);
    if (!reg.ok && !mkt.ok) {
      expect(reg.error.code).toBe(mkt.error.code);
    }
    expect(snapshot(db(), CUSTOMER_TABLES)).toEqual(before);
  });
});
