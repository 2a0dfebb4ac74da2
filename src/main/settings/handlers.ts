import type { FeatureHandlers } from '../context';
import { shareSettings } from '../replica/settings';

export const settingsHandlers = {
  'settings.get': (ctx) => ctx.services.settings.view(),
  'settings.update': async (ctx, input) => {
    await ctx.services.settings.storeSmtpPassword(input.smtp.password);
    ctx.tx(() => {
      ctx.services.settings.write(input);
      const { password: _password, ...smtp } = input.smtp;
      shareSettings(ctx.stores.customers, { lockAfterMinutes: input.lockAfterMinutes, kioskIdleSeconds: input.kioskIdleSeconds, businessTimeZone: input.businessTimeZone, smtp }, ctx.now());
      ctx.audit({
        action: 'settings.update',
        details: { lockAfterMinutes: input.lockAfterMinutes, kioskIdleSeconds: input.kioskIdleSeconds, businessTimeZone: input.businessTimeZone, smtpHost: input.smtp.host, smtpPasswordChanged: input.smtp.password !== undefined },
      });
    });
    return ctx.services.settings.view();
  },
} satisfies FeatureHandlers<'settings'>;
