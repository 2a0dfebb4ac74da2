import type { FeatureHandlers } from '../context';

export const jobsHandlers = {
  'jobs.get': (ctx, input) => ctx.services.jobs.get(input.id, ctx.actor),
  'jobs.cancel': (ctx, input) => ctx.services.jobs.cancel(input.id, ctx.actor),
} satisfies FeatureHandlers<'jobs'>;
