import type { FeatureHandlers } from '../context';
import { listKinds, startExport } from './service';

export const exportsHandlers = {
  'exports.kinds': (ctx) => listKinds(ctx),
  'exports.start': (ctx, input) => startExport(ctx, input),
} satisfies FeatureHandlers<'exports'>;
