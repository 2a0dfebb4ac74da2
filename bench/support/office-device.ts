/**
 * Child process of the office sync bench: one office device (a real core), driven by the messages
 * of office-device-process.ts. argv[2] is its tag.
 */
import { officeDigest, office, plan, run, unsent, type Office } from '../office-sync';
import { rng } from '../../test/support/rng';
import { removeBenchDirs } from './db';
import type { DeviceAnswers, DeviceRequest } from './office-device-process';

const tag = process.argv[2]!;
let o: Office | null = null;

function device(): Office {
  if (!o) throw new Error('the device was not started');
  return o;
}

async function handle(req: DeviceRequest): Promise<DeviceAnswers[DeviceRequest['cmd']]> {
  switch (req.cmd) {
    case 'start': {
      // Rounds only when the bench says: the operations are made first, then every device goes online.
      o = await office(tag, 3_600_000);
      await o.b.must('admin', 'sync.enroll', { hubUrl: req.hubUrl, code: req.code, deviceName: tag });
      await o.b.must('admin', 'sync.now', {});
      return {};
    }
    case 'ops': {
      const d = device();
      const db = d.b.core.stores!.customers;
      const ops = plan(req.seed, tag, req.n, req.everyone);
      const random = rng(req.pickSeed);
      // The operations are the setup of the figure, not part of it: made without a sync to disk per
      // commit (the machine's disk, not the app, set their pace); durable again before the clock starts.
      db.pragma('synchronous = NORMAL');
      const t0 = performance.now();
      for (let i = 0; i < ops.length; i++) {
        await run(d, ops[i]!, random, i);
        // Let the core's timers in between operations, as a window's calls would.
        if (i % 20 === 19) await new Promise<void>((r) => setImmediate(r));
      }
      const seconds = (performance.now() - t0) / 1000;
      db.pragma('synchronous = FULL');
      db.pragma('wal_checkpoint(TRUNCATE)');
      const queued = db.prepare("SELECT payload FROM sync_outbox WHERE kind IN ('record', 'suppression') AND sent_at IS NULL").pluck().all() as string[];
      return { seconds, queued };
    }
    case 'sync': {
      const d = device();
      const s = await d.b.must('admin', 'sync.now', {});
      const db = d.b.core.stores!.customers;
      return { error: s.lastError?.message ?? null, unsent: unsent(db), digest: JSON.stringify(officeDigest(db)) };
    }
    case 'counts': {
      const db = device().b.core.stores!.customers;
      return {
        accounts: db.prepare('SELECT count(*) FROM accounts').pluck().get() as number,
        records: db.prepare('SELECT count(DISTINCT tbl || record_id) FROM replica_fields').pluck().get() as number,
      };
    }
    case 'close': {
      await o?.b.close();
      o = null;
      removeBenchDirs();
      return {};
    }
  }
}

process.on('message', (m: { id: number; req: DeviceRequest }) => {
  handle(m.req).then(
    (value) => {
      process.send!({ id: m.id, ok: true, value }, () => {
        if (m.req.cmd === 'close') process.exit(0);
      });
    },
    (e: unknown) => process.send!({ id: m.id, ok: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
