/**
 * The process the SIGKILL reliability test kills (test/integration/booth-sigkill.test.ts).
 * It opens the real core on the given data directory, reports each store's integrity_check, signs
 * in as booth staff and captures entries through dispatch as fast as it can, printing
 * "ACK <entry uuid>" only after dispatch answered that the entry is saved (durably committed).
 *
 * Environment: BOOTH_CHILD_DIR, BOOTH_CHILD_KEYS (JSON of key vault entries), BOOTH_CHILD_EVENT,
 * BOOTH_CHILD_RESOURCES, BOOTH_CHILD_USER, BOOTH_CHILD_PASSWORD.
 */
import fs from 'node:fs';
import { createCore } from '../../src/main/core';
import { memoryVault } from '../../src/main/keychain/vault';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

// Synchronous writes: an ACK line must not sit in a buffer the kill would discard after we counted on it.
const say = (line: string) => fs.writeSync(1, `${line}\n`);

async function main(): Promise<void> {
  const core = await createCore({
    dataDir: env('BOOTH_CHILD_DIR'),
    vault: memoryVault(JSON.parse(env('BOOTH_CHILD_KEYS')) as Record<string, string>),
    resourcesDir: env('BOOTH_CHILD_RESOURCES'),
    deviceName: 'reliability-child',
    signInDelaysMs: [0],
  });
  const status = core.status();
  if (status.state !== 'ready') {
    say(`FAIL status ${JSON.stringify(status)}`);
    process.exit(2);
  }
  for (const store of ['customers', 'contests'] as const) {
    const verdict = (core.stores![store].pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    say(`INTEGRITY ${store} ${verdict}`);
  }

  const must = async (channel: string, input: unknown) => {
    const r = await core.dispatch('booth', channel, input);
    if (!r.ok) {
      say(`FAIL ${channel} ${r.error.code} ${r.error.message}`);
      process.exit(3);
    }
    return r.value;
  };

  await must('auth.signIn', { username: env('BOOTH_CHILD_USER'), password: env('BOOTH_CHILD_PASSWORD') });
  const eventId = Number(env('BOOTH_CHILD_EVENT'));
  const config = (await must('booth.config', { eventId })) as { rules: { en: { id: number } }; notice: { en: { id: number } }; questions: { id: number }[] };
  say('READY');

  for (let i = 0; ; i++) {
    const tag = `${process.pid}-${i}`;
    const r = (await must('booth.capture', {
      eventId,
      language: 'en',
      rulesVersionId: config.rules.en.id,
      noticeVersionId: config.notice.en.id,
      questionIds: config.questions.map((q) => q.id),
      birthDate: '1985-03-14',
      name: `Entrant ${tag}`,
      email: `entrant-${tag}@example.com`,
      phone: '',
      address: '',
      title: '',
      company: 'Reliability Oy',
      answers: {},
      rulesAccepted: true,
      marketingConsent: i % 2 === 0,
    })) as { outcome: string; entryId?: string };
    if (r.outcome !== 'saved') {
      say(`FAIL capture ${r.outcome}`);
      process.exit(4);
    }
    say(`ACK ${r.entryId}`);
    // Between entrants the event loop turns, as it does at a real booth: the capture audit flushes here.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

// A failure before READY is a finding of the test, not a crash to hide.
main().catch((e: unknown) => {
  say(`FAIL ${e instanceof Error ? e.message : String(e)}`);
  process.exit(5);
});
