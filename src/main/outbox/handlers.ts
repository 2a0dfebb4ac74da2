import type { FeatureHandlers } from '../context';
import { listOutbox, outboxCounts } from './outbox-repo';

export const outboxHandlers = {
  'outbox.list': async (ctx, input) => {
    const db = ctx.stores.customers;
    const relayConfigured = (await ctx.services.settings.view()).smtp.host !== '';
    return ctx.tx(() => {
      const rows = listOutbox(db, input);
      // Recipients are personal data: viewing the outbox is a read, recorded by account id only.
      ctx.audit({ action: 'read.outbox', subjectType: 'mail_outbox', details: { status: input.status ?? 'all', rows: rows.length, accountIds: rows.map((r) => r.accountId).filter((id) => id !== null) } });
      return { counts: outboxCounts(db), rows, relayConfigured };
    });
  },

  'outbox.sendNow': (ctx) => ctx.services.mail.sendAllNow(),
} satisfies FeatureHandlers<'outbox'>;
