import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, FEATURE_CONTRACTS, JOB_KINDS, jobContract } from '../../src/shared/contract';
import { FEATURES } from '../../src/shared/features';
import { PERMISSIONS } from '../../src/shared/roles';
import { handlers, MAIN_FEATURES } from '../../src/main/features';
import { jobBodies } from '../../src/main/jobs/bodies';
import { ROOT } from '../support/core';

/**
 * The one list of features (src/shared/features.ts) drives every table. The type checker refuses
 * a feature missing on one side; these check the same at run time, and that each feature's
 * name is the name of its folders.
 */
describe('one declaration per feature', () => {
  const prefix = (name: string) => name.slice(0, name.indexOf('.'));

  it('every channel and job kind is named after a feature of the list, and declared by that feature', () => {
    for (const name of [...CHANNEL_NAMES, ...JOB_KINDS]) expect(FEATURES, name).toContain(prefix(name));
    for (const f of FEATURES) {
      expect(FEATURE_CONTRACTS[f].name).toBe(f);
      for (const name of [...Object.keys(FEATURE_CONTRACTS[f].channels), ...Object.keys(FEATURE_CONTRACTS[f].jobs)]) expect(prefix(name), name).toBe(f);
    }
  });

  it('the core has exactly one handler per channel, from the feature that declares it', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNEL_NAMES].sort());
    for (const f of FEATURES) expect(Object.keys(MAIN_FEATURES[f].handlers).sort()).toEqual(Object.keys(FEATURE_CONTRACTS[f].channels).sort());
  });

  it('the worker has exactly one body per job kind, each with params, output and result schemas', () => {
    expect(Object.keys(jobBodies).sort()).toEqual([...JOB_KINDS].sort());
    for (const f of FEATURES) expect(Object.keys(MAIN_FEATURES[f].jobs).sort()).toEqual(Object.keys(FEATURE_CONTRACTS[f].jobs).sort());
    for (const kind of JOB_KINDS) {
      const def = jobContract[kind];
      for (const part of [def.params, def.output, def.result]) expect(typeof part.safeParse, kind).toBe('function');
    }
  });

  it("each feature's folders carry its name on every side", () => {
    for (const f of FEATURES) {
      expect(fs.existsSync(path.join(ROOT, 'src/shared/contract', `${f}.ts`)), `contract/${f}.ts`).toBe(true);
      expect(fs.existsSync(path.join(ROOT, 'src/main', f, 'index.ts')), `main/${f}/index.ts`).toBe(true);
      expect(fs.existsSync(path.join(ROOT, 'src/renderer/src/screens', f, 'index.ts')), `screens/${f}/index.ts`).toBe(true);
    }
  });

  it('every permission belongs to a feature of the list', () => {
    for (const p of PERMISSIONS) expect(FEATURES, p).toContain(prefix(p));
  });
});
