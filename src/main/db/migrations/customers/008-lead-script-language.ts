import type { Migration } from '../../migrate';

export default {
  version: 8,
  name: 'the language of the telemarketing script read to a lead',
  up: `
    -- Each script exists per language, each language version with its own version and hash; the
    -- lead records which one was read. Every lead before this was read an English script.
    ALTER TABLE leads ADD COLUMN perm_script_language TEXT NOT NULL DEFAULT 'en' CHECK (perm_script_language IN ('fi', 'en'));
  `,
} satisfies Migration;
