import type { FeatureHandlers } from '../context';
import { listAudit, verifyAudit } from './log';

export const auditHandlers = {
  'audit.list': (ctx, input) => listAudit(ctx.stores.customers, input),
  'audit.verify': (ctx) => {
    const result = verifyAudit(ctx.stores.customers);
    ctx.tx(() => ctx.audit({ action: 'audit.verify', details: { ok: result.ok, rows: result.rows } }));
    return result;
  },
} satisfies FeatureHandlers<'audit'>;
