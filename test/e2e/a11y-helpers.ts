/** Seed data and language switching for the accessibility specs. Setup goes through the core. */
import { expect, type E2eApp } from './support/fixtures';
import { businessDay } from './support/business-day';

/** The languages the app's screens come in. */
export const LANGUAGES = ['en', 'fi'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Puts the page into a language with the app's own switch (in the header when signed in, on the
 * first-run and sign-in screens when signed out). Signed in, the choice is saved with the staff
 * member. Waits for the switch, since the screen may still be rendering.
 */
export async function useLanguage(app: E2eApp, lang: Language): Promise<void> {
  const page = app.page;
  const sw = page.getByRole('radiogroup', { name: /^(Language|Kieli)$/ });
  await expect(sw).toBeVisible();
  await sw.getByText(lang === 'fi' ? 'Suomi' : 'English', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}


/**
 * One of everything a screen lists: a product, two customers (one cancelled), pending mail, an
 * opt-out, a lead, a service note, billing details, an event of today with a survey and entries.
 */
export async function seedShowcase(app: E2eApp): Promise<void> {
  const admin = await app.core.as('admin');
  const productId = (await admin.must('products.create', { name: 'IXO Call Pro' })).id;
  const office = await app.core.as('office_staff');
  const notices = await office.must('customers.notices', {});
  const version = (id: string) => notices.find((n) => n.id === id)!.version;
  const register = async (name: string, email: string) => {
    const r = await office.must('customers.register', {
      birthDate: '1985-03-09',
      name,
      email,
      productId,
      marketingOptIn: true,
      registrationNoticeVersion: version('registration'),
      marketingNoticeVersion: version('marketing'),
    });
    if (r.outcome !== 'registered') throw new Error('seed registration refused');
    return r.account;
  };
  const maija = await register('Maija Meikäläinen', 'maija@example.com');
  await register('Ben Bell', 'ben@example.com');
  await office.must('optouts.process', { email: 'ben@example.com', lists: ['technical_advisories'], reason: 'phone', requestedOn: businessDay(), confirmCancellation: true });
  await office.must('leads.create', {
    name: 'Mia Lead',
    phone: '+358 40 222 3333',
    permission: { obtainedBySelf: true, obtainedAt: '2025-05-01T10:00:00Z', method: 'web_form', scriptVersion: 'TM-2026-01', prospectConfirmed: true, confirmation: 'Ticked the web form box' },
  });
  const service = await app.core.as('customer_service');
  await service.must('notes.add', { accountId: maija.id, body: 'Asked about invoices.' });
  const billing = await app.core.as('billing_clerk');
  await billing.must('billing.save', { accountId: maija.id, billingName: 'Maija Meikäläinen', addressLine1: 'Runeberginkatu 5', postalCode: '00100', city: 'Helsinki', country: 'Finland', card: { brand: 'visa', last4: '4242' } });

  const manager = await app.core.as('manager');
  const ev = await manager.must('events.create', {
    name: 'Helsinki Tech Fair',
    startsOn: businessDay(),
    endsOn: businessDay(1),
    location: 'Messukeskus',
    acceptDuplicates: false,
    rulesText: { fi: 'Yksi osallistuminen henkeä kohden. Arvonta on viimeisenä päivänä.', en: 'One entry per person. The draw is on the last day.' },
    noticeText: { fi: 'IXO Systems voi lähettää sinulle uutisia tuotteista ja tapahtumista. Voit perua milloin tahansa.', en: 'IXO Systems may email you news about products and events. Unsubscribe at any time.' },
    prize: { fi: 'Palkintona langattomat kuulokkeet', en: 'Win a wireless headset' },
  });
  await manager.must('events.setSurvey', { eventId: ev.id, questions: [{ kind: 'single', prompt: 'How did you hear of us?', options: ['Friend', 'Advert'], required: false }] });
  const booth = await app.core.as('booth_staff');
  const config = await booth.must('booth.config', { eventId: ev.id });
  for (const [name, email] of [['Erkki Esimerkki', 'erkki@example.com'], ['Liisa Laine', 'liisa@example.com']] as const) {
    await booth.must('booth.capture', {
      eventId: ev.id,
      language: 'en',
      rulesVersionId: config.rules.en.id,
      noticeVersionId: config.notice.en.id,
      questionIds: config.questions.map((q) => q.id),
      birthDate: '1980-01-01',
      name,
      email,
      phone: '',
      address: '',
      title: '',
      company: '',
      answers: {},
      rulesAccepted: true,
      marketingConsent: true,
    });
  }
}
