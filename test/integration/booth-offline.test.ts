/**
 * Offline: the capture path makes no network call. Every way Node reaches the network
 * (sockets, TLS, DNS, HTTP(S), fetch, UDP) is replaced by a trap that records the attempt and
 * throws, while the booth runs a full day in miniature: pick the event, age screen, captures,
 * a duplicate, an under-13 refusal, counts, and the capture audit that follows each entry.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { count, entryFor, makeEvent, nextTurn, TODAY } from './booth-support';

type Restore = () => void;

/** Replaces network entry points with traps. Returns the attempts list and a restore function. */
function blockNetwork(): { attempts: string[]; restore: Restore } {
  const attempts: string[] = [];
  const restores: Restore[] = [];
  const trap = <T extends object>(owner: T, key: keyof T & string, label: string) => {
    const original = owner[key];
    (owner as Record<string, unknown>)[key] = (..._args: unknown[]) => {
      attempts.push(label);
      throw new Error(`network blocked by test: ${label}`);
    };
    restores.push(() => {
      (owner as Record<string, unknown>)[key] = original;
    });
  };
  trap(net, 'connect', 'net.connect');
  trap(net, 'createConnection', 'net.createConnection');
  trap(net.Socket.prototype, 'connect', 'net.Socket#connect');
  trap(tls, 'connect', 'tls.connect');
  trap(dns, 'lookup', 'dns.lookup');
  trap(dns, 'resolve', 'dns.resolve');
  trap(dns, 'resolve4', 'dns.resolve4');
  trap(dns, 'resolve6', 'dns.resolve6');
  trap(dns.promises, 'lookup', 'dns.promises.lookup');
  trap(dns.promises, 'resolve', 'dns.promises.resolve');
  trap(http, 'request', 'http.request');
  trap(http, 'get', 'http.get');
  trap(https, 'request', 'https.request');
  trap(https, 'get', 'https.get');
  trap(dgram, 'createSocket', 'dgram.createSocket');
  trap(globalThis, 'fetch', 'fetch');
  // Named ESM imports of builtins ("import { connect } from 'node:net'") see the traps too.
  syncBuiltinESMExports();
  return {
    attempts,
    restore: () => {
      for (const r of restores.reverse()) r();
      syncBuiltinESMExports();
    },
  };
}

let t: TestCore | undefined;
let restore: Restore | null = null;
afterEach(async () => {
  restore?.();
  restore = null;
  await t?.close();
  t = undefined;
});

describe('booth capture offline', () => {
  it('the traps catch every kind of network call (so the test below can fail)', async () => {
    const blocked = blockNetwork();
    restore = blocked.restore;
    expect(() => fetch('https://example.com')).toThrow(/network blocked/);
    expect(() => net.connect(80, 'example.com')).toThrow(/network blocked/);
    expect(() => new net.Socket().connect(443, '192.0.2.1')).toThrow(/network blocked/);
    expect(() => https.get('https://example.com')).toThrow(/network blocked/);
    expect(() => dns.lookup('example.com', () => {})).toThrow(/network blocked/);
    await expect(async () => dns.promises.lookup('example.com')).rejects.toThrow(/network blocked/);
    expect(() => dgram.createSocket('udp4')).toThrow(/network blocked/);
    expect(blocked.attempts).toEqual(['fetch', 'net.connect', 'net.Socket#connect', 'https.get', 'dns.lookup', 'dns.promises.lookup', 'dgram.createSocket']);
  });

  it('captures, refuses and counts with the network blocked, and never tries to reach it', async () => {
    t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)) });
    await withStaff(t, ['booth_staff', 'manager']);
    const ev = await makeEvent(t, { questions: [{ kind: 'rating', prompt: 'Rate us', options: [], required: true }] });
    const q = `q${ev.questions[0]!.id}`;
    // Prepared while online: the entries a kiosk would hold in memory.
    const first = await entryFor(t, ev.id, { email: 'first@example.com', answers: { [q]: 5 }, marketingConsent: true });
    const second = await entryFor(t, ev.id, { email: 'second@example.com', answers: { [q]: 3 } });

    const blocked = blockNetwork();
    restore = blocked.restore;

    expect((await t.must('booth_staff', 'booth.events', {})).map((e) => e.id)).toEqual([ev.id]);
    expect((await t.must('booth_staff', 'booth.config', { eventId: ev.id })).event.id).toBe(ev.id);
    expect(await t.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '1990-01-01' })).toEqual({ eligible: true });
    expect((await t.must('booth_staff', 'booth.capture', first)).outcome).toBe('saved');
    expect((await t.must('booth_staff', 'booth.capture', second)).outcome).toBe('saved');
    expect(await t.must('booth_staff', 'booth.capture', { ...second, phone: '' })).toEqual({ outcome: 'already_entered' });
    expect(await t.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2019-01-01' })).toEqual({ eligible: false });
    expect(await t.must('booth_staff', 'booth.counts', { eventId: ev.id })).toMatchObject({ total: 2, notEligible: 1 });
    await nextTurn();

    expect(blocked.attempts).toEqual([]);
    blocked.restore();
    restore = null;

    const db = t.core.stores!.contests;
    expect(count(db, 'entries')).toBe(2);
    // Each entry waits in the outbox for the sync client, unsent.
    expect(count(db, 'sync_outbox', "kind = 'contest_entry' AND sent_at IS NULL")).toBe(2);
    expect(count(t.core.stores!.customers, 'audit_log', "action = 'entries.capture'")).toBe(2);
  });
});
