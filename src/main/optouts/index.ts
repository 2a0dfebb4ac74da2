import type { MainFeature } from '../context';
import { optoutsHandlers } from './handlers';
import { importApplyJob, importPreviewJob } from './import-job';

export const optoutsMain = { handlers: optoutsHandlers, jobs: { 'optouts.importPreview': importPreviewJob, 'optouts.importApply': importApplyJob } } satisfies MainFeature<'optouts'>;
