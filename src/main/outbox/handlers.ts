import type { FeatureHandlers } from '../context';
import { listOutbox, outboxCounts } from './outbox-repo';

export const outboxHandlers = {
  'outbox.list': async (ctx, input) => {
    const db = ctx.stores.customers;
    const relayConfigured = (await ctx.services.settings.view()).smtp.host !== '';
    return ctx.tx(() => {
      const rows = listOutbox(db, input);
      // Recipients are personal data: viewing the outbox is a read, recorded by account id only.
      ctx.audit({ action: 'read.outbox', subjectType: 'mail_outbox', details: { status: input.status ?? 'all', offset: input.offset, rows: rows.length, accountIds: rows.map((r) => r.accountId).filter((id) => id !== null) } });
      const counts = outboxCounts(db);
      const total = input.status ? counts[input.status] : Object.values(counts).reduce((a, b) => a + b, 0);
      return { counts, total, rows, relayConfigured };
    });
  },

  'outbox.sendNow': (ctx) => ctx.services.mail.sendAllNow(),
} satisfies FeatureHandlers<'outbox'>;
