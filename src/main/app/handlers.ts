import fs from 'node:fs';
import path from 'node:path';
import type { AboutInfo } from '../../shared/contract/app';
import { appError } from '../../shared/errors';
import type { FeatureHandlers } from '../context';

export const CONTACT = { email: 'support@ixo.fi', phone: '+358 9 31577988' } as const;

let aboutCache: AboutInfo | null = null;

export const appHandlers = {
  'app.status': (ctx) => ctx.core.status(),
  'app.about': (ctx) => {
    if (!aboutCache) {
      const policyMarkdown = fs.readFileSync(path.join(ctx.deps.resourcesDir, 'privacy-policy.md'), 'utf8');
      const version = /Last Updated:\s*(.+)/.exec(policyMarkdown)?.[1]?.trim() ?? 'unknown';
      aboutCache = { policyMarkdown, policyVersion: version, contact: { ...CONTACT }, appVersion: ctx.deps.appVersion ?? '0.0.0' };
    }
    return aboutCache;
  },
  'app.openExternal': async (ctx, input) => {
    if (!ctx.deps.openExternal) throw appError('app.links_unavailable');
    await ctx.deps.openExternal(input.url);
    return null;
  },
} satisfies FeatureHandlers<'app'>;
