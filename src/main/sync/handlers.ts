import type { Ctx, Handlers } from '../context';

/** Admin actions on the device's link to the hub are audited; the credential itself never is. */
const audited = <T>(ctx: Ctx, action: string, details: Record<string, unknown>, value: T): T => {
  ctx.tx(() => ctx.audit({ action, subjectType: 'sync', details }));
  return value;
};

export const syncHandlers = {
  'sync.status': (ctx) => ctx.services.sync.currentStatus(),

  'sync.now': (ctx) => ctx.services.sync.syncNow(),

  'sync.enroll': async (ctx, input) => {
    const status = await ctx.services.sync.enroll(input.hubUrl, input.code, input.deviceName);
    return audited(ctx, 'sync.enroll', { hubUrl: input.hubUrl, deviceName: status.deviceName, profile: status.profile }, status);
  },

  'sync.resync': async (ctx) => audited(ctx, 'sync.resync', {}, await ctx.services.sync.resync()),

  'sync.settings': async (ctx, input) => {
    ctx.services.sync.setRetentionDays(input.retentionDays);
    return audited(ctx, 'sync.settings', { retentionDays: input.retentionDays }, await ctx.services.sync.currentStatus());
  },

  'sync.devices': (ctx) => ctx.services.sync.devices(),

  'sync.revoke': async (ctx, input) => audited(ctx, 'sync.revoke', { deviceId: input.deviceId }, await ctx.services.sync.revoke(input.deviceId)),

  'sync.createEnrollmentCode': async (ctx, input) => {
    const code = await ctx.services.sync.createEnrollmentCode(input.profile, input.name);
    // The code itself is a secret until used: the audit names what it is for, not the code.
    return audited(ctx, 'sync.createEnrollmentCode', { profile: code.profile, name: code.name, expiresAt: code.expiresAt }, code);
  },
} satisfies Partial<Handlers>;
