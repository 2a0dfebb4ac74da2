import { insertEntry, insertOutbox } from '../../src/main/entries/repo';
import { findText } from '../../src/main/events/repo';
import type { Core } from '../../src/main/core';
import { TODAY } from '../integration/booth-support';

/**
 * Writes `n` entries with their outbox rows the way a capture does (same repository functions,
 * same payload shape, one transaction per entry batch), much faster than n kiosk captures. For sync
 * tests, where what matters is what leaves the outbox.
 */
export function seedEntries(t: { core: Core }, eventId: number, n: number, tag: string): string[] {
  const db = t.core.stores!.contests;
  const ev = db.prepare('SELECT id, uuid, name FROM events WHERE id = ?').get(eventId) as { id: number; uuid: string; name: string };
  const texts = db.prepare("SELECT id, kind FROM event_texts WHERE event_id = ? AND lang = 'en' ORDER BY version DESC").all(eventId) as { id: number; kind: string }[];
  const rules = findText(db, texts.find((x) => x.kind === 'rules')!.id)!;
  const notice = findText(db, texts.find((x) => x.kind === 'notice')!.id)!;
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const uuid = crypto.randomUUID();
      const capturedAt = new Date(Date.parse(`${TODAY}T09:00:00Z`) + i * 1000).toISOString();
      const email = `${tag}-${i}@example.com`;
      const entrant = { name: `Entrant ${tag} ${i}`, email, phone: '', address: 'Street 1, Helsinki', title: 'Engineer', company: 'Company Oy' };
      insertEntry(db, {
        uuid,
        eventId,
        capturedAt,
        localHour: `${TODAY} 09`,
        staffId: 1,
        device: tag,
        ...entrant,
        emailNorm: email,
        phoneNorm: '',
        answers: {},
        language: 'en',
        rulesTextId: rules.id,
        noticeTextId: notice.id,
        marketingConsent: i % 2 === 0,
        duplicateOf: null,
      });
      insertOutbox(
        db,
        uuid,
        'contest_entry',
        {
          id: uuid,
          event: { id: ev.uuid, name: ev.name },
          capturedAt,
          device: tag,
          entrant,
          answers: [],
          rules: { version: rules.version, sha256: rules.sha256 },
          marketingConsent: { granted: i % 2 === 0, notice: { version: notice.version, sha256: notice.sha256 }, method: 'booth' },
          duplicateOf: null,
        },
        capturedAt,
      );
      ids.push(uuid);
    }
  }).immediate();
  return ids;
}
