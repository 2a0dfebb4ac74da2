import { appError } from '../../shared/errors';
import type { FeatureHandlers } from '../context';
import { listAudit, verifyAudit } from './log';
import { fetchAuditChains } from '../sync/audit-push';

export const auditHandlers = {
  'audit.list': (ctx, input) => listAudit(ctx.stores.customers, input),
  'audit.verify': (ctx) => {
    const result = verifyAudit(ctx.stores.customers);
    ctx.tx(() => ctx.audit({ action: 'audit.verify', details: { ok: result.ok, rows: result.rows } }));
    return result;
  },
  'audit.central': async (ctx) => {
    const sync = ctx.services.sync;
    // The hub answers office devices only; a booth is told so before anything is sent.
    if (sync.enrolledAs() === 'booth') throw appError('audit.central_office_only');
    const { r, me } = await sync.authed(async (token, c) => ({
      r: await fetchAuditChains({ hubUrl: c.hubUrl, appVersion: ctx.deps.appVersion ?? '0.0.0', accessToken: token }),
      me: c.deviceId,
    }));
    const findings = r.devices.filter((d) => d.finding !== null).length;
    ctx.tx(() => ctx.audit({ action: 'audit.central', details: { devices: r.devices.length, findings } }));
    return { devices: r.devices.map((d) => ({ ...d, thisDevice: d.deviceId === me })), checkedAt: r.hubTime };
  },
} satisfies FeatureHandlers<'audit'>;
