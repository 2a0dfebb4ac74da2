/** Seed helpers for the reports and exports specs. Setup goes through the core; the specs act through the UI. */
import { catchUpCaptureAudit } from '../../src/main/booth/capture-audit';
import type { EventDetail } from '../../src/shared/contract/events';
import { sampleEntries, seedEntries, type SeedEntry } from '../integration/exports-support';
import type { E2eApp } from './support/fixtures';

export async function seedEvent(app: E2eApp, name: string): Promise<EventDetail> {
  const manager = await app.core.as('manager');
  const ev = await manager.must('events.create', {
    name,
    startsOn: '2026-11-18',
    endsOn: '2026-11-20',
    location: 'Messukeskus, Helsinki',
    acceptDuplicates: true,
    rulesText: { fi: 'One entry per person.', en: 'One entry per person.' },
    noticeText: { fi: 'IXO Systems may email you about products and events.', en: 'IXO Systems may email you about products and events.' },
  });
  return manager.must('events.setSurvey', {
    eventId: ev.id,
    questions: [
      { kind: 'text', prompt: 'What brought you here?', options: [], required: false },
      { kind: 'single', prompt: 'Team size', options: ['1-10', '11-50', '51+'], required: false },
      { kind: 'multiple', prompt: 'Interests', options: ['=Calls', 'Reports', '@Mentions'], required: false },
      { kind: 'rating', prompt: 'How likely are you to recommend us?', options: [], required: false },
    ],
  });
}

/**
 * Entries straight into contests.db (the booth's own specs drive the kiosk), audited the way a
 * capture is before the page asks for them. Otherwise the first view of entries would wait for
 * their catch-up while the test waits on the page.
 */
export async function seedEventEntries(app: E2eApp, ev: EventDetail, entries: Iterable<SeedEntry>): Promise<void> {
  const core = await app.core.raw();
  seedEntries(core.stores!.contests, ev, entries);
  await catchUpCaptureAudit(core.stores!, () => new Date().toISOString());
}

export { sampleEntries };
