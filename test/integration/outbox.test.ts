import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { MailOutbox, retryDelayMs, ATTENTION_AFTER, RETRY_CAP_MS } from '../../src/main/outbox/outbox';
import { SettingsService } from '../../src/main/settings/service';
import { TEST_PASSWORD } from '../support/core';
import { count, registerOk, registration, snapshot, startCustomers, type CustomersEnv } from './customers-helpers';

interface Received {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

/** A real SMTP server on loopback that can go down and come back on the same port. */
class Relay {
  received: Received[] = [];
  port = 0;
  private server: SMTPServer | null = null;
  /** When set, DATA is answered with this temporary failure. */
  rejectWith: string | null = null;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, cb) => {
        if (auth.username === 'relay-user' && auth.password === 'relay-secret') cb(null, { user: auth.username });
        else cb(new Error('Invalid username or password'));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.rejectWith) {
            const err = new Error(this.rejectWith) as Error & { responseCode: number };
            err.responseCode = 451;
            return cb(err);
          }
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            user: session.user as string | undefined,
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

/** Decodes the text part of a simple single-part message (quoted-printable or base64). */
function bodyOf(raw: string): { headers: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const cte = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (cte === 'base64') return { headers, text: Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') };
  if (cte === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
    return { headers, text: Buffer.from(bytes).toString('utf8') };
  }
  return { headers, text: body };
}

let env: CustomersEnv | undefined;
const relays: Relay[] = [];
afterEach(async () => {
  await env?.t.close();
  env = undefined;
  for (const r of relays.splice(0)) await r.stop();
});

const db = () => env!.t.core.stores!.customers;

async function useRelay(e: CustomersEnv, port: number): Promise<void> {
  await e.t.must('admin', 'settings.update', {
    lockAfterMinutes: 30,
    kioskIdleSeconds: 60,
    smtp: { host: '127.0.0.1', port, secure: false, user: 'relay-user', password: 'relay-secret', from: 'IXO Systems <no-reply@ixo.fi>' },
  });
}

async function relay(port = 0): Promise<Relay> {
  const r = new Relay();
  await r.start(port);
  relays.push(r);
  return r;
}

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  body: string;
  sent_at: string | null;
}
const row = (id: string) => db().prepare('SELECT * FROM mail_outbox WHERE id = ?').get(id) as OutboxRow;

describe('registration email through the mail outbox and a real SMTP relay', () => {
  it('delivers the account details (never a password) with the outbox UUID as Message-ID', async () => {
    env = await startCustomers();
    const smtp = await relay();
    await useRelay(env, smtp.port);
    const r = await registerOk(env, { marketingOptIn: true });
    expect(smtp.received).toHaveLength(0);

    const report = await env.t.must('office_staff', 'outbox.sendNow', {});
    expect(report).toMatchObject({ relayConfigured: true, attempted: 1, sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0]!;
    expect(got.user).toBe('relay-user');
    // Nodemailer lower-cases the domain of the envelope address; the local part is kept as typed.
    expect(got.to).toEqual(['Maija.Meikalainen@example.com']);
    expect(got.from).toBe('no-reply@ixo.fi');
    const { headers, text } = bodyOf(got.raw);
    expect(headers).toMatch(new RegExp(`Message-ID: <${r.emailId}@`, 'i'));
    expect(headers).toMatch(/^Subject: Your IXO Systems account is registered$/m);
    expect(text).toContain('Maija Meikäläinen');
    expect(text).toContain('Maija.Meikalainen@Example.com');
    expect(text).toContain('IXO Call Pro');
    expect(text).toMatch(new RegExp(`Account id:\\s+${r.account.number}\\b`));
    for (const label of ['Technical advisories', 'Call detail reports', 'Email marketing']) expect(text).toContain(`- ${label}`);
    expect(text).toMatch(/How to opt out/);
    expect(text).toMatch(/leaving that list cancels your account/);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain('relay-secret');
    expect(text).not.toMatch(/password\s*[:=]/i);
    expect(text).not.toMatch(/\{\{\w+\}\}/);

    const sent = row(r.emailId);
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBe(1);
    expect(sent.sent_at).toBe(env.clock.now().toISOString());
    expect(sent.body).toBe('');
    const list = await env.t.must('manager', 'outbox.list', {});
    expect(list.counts).toEqual({ pending: 0, sent: 1, failed: 0, withdrawn: 0 });
    expect(list.rows[0]).toMatchObject({ id: r.emailId, status: 'sent', accountId: r.account.id });
    expect(count(db(), "SELECT count(*) AS n FROM audit_log WHERE action = 'read.outbox'")).toBe(1);
    // Sending again sends nothing twice.
    expect(await env.t.must('office_staff', 'outbox.sendNow', {})).toMatchObject({ attempted: 0, sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("sends the registration email in the customer's language: Finnish to a Finnish customer, English to an English one", async () => {
    env = await startCustomers();
    const smtp = await relay();
    await useRelay(env, smtp.port);
    const fi = await registerOk(env, { language: 'fi', marketingOptIn: true });
    const en = await registerOk(env, { name: 'John Smith', email: 'john.smith@example.com', language: 'en' });
    expect(fi.account.language).toBe('fi');
    expect(en.account.language).toBe('en');
    expect(db().prepare('SELECT id, language FROM accounts ORDER BY id').all()).toEqual([
      { id: fi.account.id, language: 'fi' },
      { id: en.account.id, language: 'en' },
    ]);

    expect(await env.t.must('office_staff', 'outbox.sendNow', {})).toMatchObject({ sent: 2, failed: 0 });
    const byTo = (address: string) => bodyOf(smtp.received.find((m) => m.to[0]!.toLowerCase() === address.toLowerCase())!.raw);

    const finnish = byTo('Maija.Meikalainen@example.com');
    // A non-ASCII subject travels as an RFC 2047 encoded word; read it back as the customer's client would.
    const subject = /^Subject: (.+)$/m.exec(finnish.headers)![1]!.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
    expect(subject).toBe('IXO Systems -tilisi on rekisteröity');
    expect(finnish.text).toContain('Hei Maija Meikäläinen,');
    expect(finnish.text).toMatch(new RegExp(`Asiakasnumero:\\s+${fi.account.number}\\b`));
    for (const list of ['Tekniset tiedotteet', 'Puheluerittelyt', 'Sähköpostimarkkinointi']) expect(finnish.text).toContain(`- ${list}`);
    expect(finnish.text).toContain('Listoilta poistuminen');
    expect(finnish.text).not.toMatch(/Account id|How to opt out|Technical advisories/);
    expect(finnish.text).not.toMatch(/\{\{\w+\}\}/);

    const english = byTo('john.smith@example.com');
    expect(english.headers).toMatch(/^Subject: Your IXO Systems account is registered$/m);
    expect(english.text).toContain('Hello John Smith,');
    expect(english.text).toMatch(new RegExp(`Account id:\\s+${en.account.number}\\b`));
    expect(english.text).not.toMatch(/Asiakasnumero|Tekniset tiedotteet/);
  });

  it("takes the registering staff member's language when the form does not give the customer's", async () => {
    env = await startCustomers({ osLocale: 'fi-FI' });
    const fromOs = await registerOk(env);
    expect(fromOs.account.language).toBe('fi');
    expect(db().prepare('SELECT subject FROM mail_outbox WHERE id = ?').pluck().get(fromOs.emailId)).toBe('IXO Systems -tilisi on rekisteröity');
    await env.t.must('office_staff', 'staff.setMyLanguage', { language: 'en' });
    const chosen = await registerOk(env, { name: 'John Smith', email: 'john.smith@example.com' });
    expect(chosen.account.language).toBe('en');
    expect(db().prepare('SELECT subject FROM mail_outbox WHERE id = ?').pluck().get(chosen.emailId)).toBe('Your IXO Systems account is registered');
    const bad = await env.t.call('office_staff', 'customers.register', registration(env, { email: 'x@example.com', language: 'sv' as 'fi' }));
    expect(bad.ok ? null : bad.error.fields?.[0]).toMatchObject({ path: 'language', key: 'invalid_choice' });
  });

  it('registers offline: the mail waits in the outbox until a relay is set', async () => {
    env = await startCustomers();
    const r = await registerOk(env);
    const report = await env.t.must('office_staff', 'outbox.sendNow', {});
    expect(report).toEqual({ relayConfigured: false, attempted: 0, sent: 0, failed: 0, lastError: null });
    expect(row(r.emailId)).toMatchObject({ status: 'pending', attempts: 0 });
    const list = await env.t.must('office_staff', 'outbox.list', { status: 'pending' });
    expect(list.relayConfigured).toBe(false);
    expect(list.rows.map((m) => m.id)).toEqual([r.emailId]);

    const smtp = await relay();
    await useRelay(env, smtp.port);
    expect(await env.t.must('office_staff', 'outbox.sendNow', {})).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
  });

  it('writes the outbox row in the same transaction as the account', async () => {
    env = await startCustomers();
    const before = snapshot(db());
    db().exec(`CREATE TEMP TRIGGER inject BEFORE INSERT ON main.mail_outbox BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const r = await env.t.call('office_staff', 'customers.register', registration(env));
    expect(r.ok ? 'ok' : r.error.code).toBe('internal');
    db().exec('DROP TRIGGER temp.inject');
    expect(snapshot(db())).toEqual(before);
  });

  it('keeps mail while the relay is down, backs off with jitter, flags it after repeated failure, and sends it when the relay is back', async () => {
    env = await startCustomers();
    const smtp = await relay();
    const port = smtp.port;
    await useRelay(env, port);
    await smtp.stop();

    // The core's own pump is manual; this outbox is the same class on the same store, with a fixed jitter.
    const outbox = new MailOutbox(db(), new SettingsService(db(), env.t.vault), env.clock, { pump: 'manual', random: () => 0.5 });
    const first = await registerOk(env);

    const delays: number[] = [];
    for (let attempt = 1; attempt <= ATTENTION_AFTER; attempt++) {
      const report = await outbox.sendDue();
      expect(report.attempted).toBe(1);
      expect(report.failed).toBe(1);
      expect(report.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
      const r = row(first.emailId);
      expect(r.attempts).toBe(attempt);
      expect(r.status).toBe(attempt < ATTENTION_AFTER ? 'pending' : 'failed');
      const wait = Date.parse(r.next_attempt_at) - env.clock.now().getTime();
      delays.push(wait);
      // Not due again before its time.
      env.clock.advance(wait - 1000);
      expect((await outbox.sendDue()).attempted).toBe(0);
      env.clock.advance(1000);
    }
    expect(delays).toEqual([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, () => 0.5)));
    expect(delays[0]).toBe(22_500);
    // Exponential: each wait doubles.
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBe(delays[i - 1]! * 2);

    // Needs attention, with the error, and is still there (never dropped).
    const flagged = await env.t.must('office_staff', 'outbox.list', { status: 'failed' });
    expect(flagged.rows).toHaveLength(1);
    expect(flagged.rows[0]).toMatchObject({ id: first.emailId, attempts: ATTENTION_AFTER, status: 'failed' });
    expect(flagged.rows[0]!.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);

    // Registration goes on while the relay is down.
    const second = await registerOk(env, { email: 'second@example.com', name: 'Second Person' });

    // The relay comes back on the same port.
    const back = await relay(port);
    const report = await outbox.sendDue();
    expect(report).toMatchObject({ attempted: 2, sent: 2, failed: 0 });
    expect(back.received.map((m) => m.to[0]).sort()).toEqual(['Maija.Meikalainen@example.com', 'second@example.com']);
    expect(row(first.emailId)).toMatchObject({ status: 'sent', attempts: ATTENTION_AFTER + 1, last_error: null });
    expect(row(second.emailId)).toMatchObject({ status: 'sent', attempts: 1 });
    await outbox.stop();
  });

  it('retries a message the relay refuses for now, without holding up the others', async () => {
    env = await startCustomers();
    const smtp = await relay();
    await useRelay(env, smtp.port);
    const a = await registerOk(env);
    const b = await registerOk(env, { email: 'b@example.com' });
    smtp.rejectWith = 'Mailbox busy, try later';
    const report = await env.t.must('office_staff', 'outbox.sendNow', {});
    // A refusal of one message is not a relay failure: the pass goes on to the next message.
    expect(report).toMatchObject({ attempted: 2, failed: 2, sent: 0 });
    expect(row(a.emailId).last_error).toMatch(/451/);
    smtp.rejectWith = null;
    expect(await env.t.must('office_staff', 'outbox.sendNow', {})).toMatchObject({ attempted: 2, sent: 2 });
    expect(row(b.emailId).status).toBe('sent');
  });

  it('in the app, the background pump sends on its own after registration and stops with the core', async () => {
    const smtp = await relay();
    // Real clock and timers, as in the app.
    env = await startCustomers({ mail: { pump: 'auto', pollMs: 60_000 }, clock: undefined });
    await useRelay(env, smtp.port);
    const r = await registerOk(env);
    const deadline = Date.now() + 10_000;
    while (row(r.emailId).status !== 'sent' && Date.now() < deadline) await new Promise((res) => setTimeout(res, 25));
    expect(row(r.emailId).status).toBe('sent');
    expect(smtp.received).toHaveLength(1);
    await env.t.close();
    env = undefined;
  });

  it('shows the outbox only to roles with outbox.read', async () => {
    env = await startCustomers();
    for (const role of ['customer_service', 'booth_staff', 'billing_clerk', 'admin'] as const) {
      const r = await env.t.call(role, 'outbox.list', {});
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
      const s = await env.t.call(role, 'outbox.sendNow', {});
      expect(s.ok ? 'ok' : s.error.code).toBe('forbidden');
    }
  });
});

describe('retry schedule', () => {
  it('doubles from 30 s up to an hour, with jitter between half and the whole step', () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(3, () => 0)).toBe(60_000);
    expect(retryDelayMs(3, () => 1)).toBe(120_000);
    expect(retryDelayMs(20, () => 1)).toBe(RETRY_CAP_MS);
    expect(retryDelayMs(20, () => 0)).toBe(RETRY_CAP_MS / 2);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(2, Math.random)));
    expect(spread.size).toBeGreaterThan(1);
    for (const d of spread) {
      expect(d).toBeGreaterThanOrEqual(30_000);
      expect(d).toBeLessThanOrEqual(60_000);
    }
  });
});
