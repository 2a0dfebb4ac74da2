import type { Migration } from '../../migrate';

export default {
  version: 4,
  name: 'opt-out imports name the background task that applies them',
  up: `
    -- The task id of the apply, so an import whose task is no longer running and that never
    -- finished can be told from one still being applied: the import screen offers to finish it.
    ALTER TABLE optout_imports ADD COLUMN job_id TEXT;
  `,
} satisfies Migration;
