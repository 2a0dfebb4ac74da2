import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JS_FLAGS_SWITCH, jsFlagsRelaunch, jsFlagsRelaunchArgs, MAIN_JS_FLAGS, RELAUNCHED_ENV } from '../../../src/main/shell/js-flags';
import { ROOT } from '../../support/core';

describe("the main process's V8 flags", () => {
  it('turn off the memory reducer, as one --js-flags switch', () => {
    expect(MAIN_JS_FLAGS).toContain('--no-memory-reducer');
    expect(JS_FLAGS_SWITCH).toBe('--js-flags=--no-memory-reducer');
  });

  it('start an app launched without them again, with its own arguments kept', () => {
    expect(jsFlagsRelaunchArgs([], {})).toEqual([JS_FLAGS_SWITCH]);
    expect(jsFlagsRelaunchArgs(['.', '--user-data-dir=/tmp/p'], {})).toEqual([JS_FLAGS_SWITCH, '.', '--user-data-dir=/tmp/p']);
    expect(jsFlagsRelaunchArgs(['C:\\Users\\Järvinen\\a file.csv'], {})).toEqual([JS_FLAGS_SWITCH, 'C:\\Users\\Järvinen\\a file.csv']);
  });

  it('start an AppImage again from its file, not from the folder it was mounted on', () => {
    expect(jsFlagsRelaunch(['--no-sandbox'], { APPIMAGE: '/home/dev/IXO Back Office.AppImage' })).toEqual({
      args: [JS_FLAGS_SWITCH, '--no-sandbox'],
      execPath: '/home/dev/IXO Back Office.AppImage',
    });
    expect(jsFlagsRelaunch(['.'], {})).toEqual({ args: [JS_FLAGS_SWITCH, '.'] });
    expect(jsFlagsRelaunch([JS_FLAGS_SWITCH], { APPIMAGE: '/a.AppImage' })).toBeNull();
  });

  it('do not start it again when the command line has them', () => {
    expect(jsFlagsRelaunchArgs([JS_FLAGS_SWITCH, '.'], {})).toBeNull();
    expect(jsFlagsRelaunchArgs(['.', '--js-flags=--expose-gc  --no-memory-reducer'], {})).toBeNull();
  });

  it('add to flags already given instead of replacing them', () => {
    expect(jsFlagsRelaunchArgs(['--js-flags=--expose-gc', '.'], {})).toEqual(['--js-flags=--expose-gc --no-memory-reducer', '.']);
  });

  it('read no switch after --, where arguments of the app begin', () => {
    expect(jsFlagsRelaunchArgs(['.', '--', JS_FLAGS_SWITCH], {})).toEqual([JS_FLAGS_SWITCH, '.', '--', JS_FLAGS_SWITCH]);
  });

  it('are tried once: a second start that lost them runs without them rather than looping', () => {
    expect(jsFlagsRelaunchArgs(['.'], { [RELAUNCHED_ENV]: '1' })).toBeNull();
  });

  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('are on the command lines of npm start and npm run dev', () => {
    for (const name of ['start', 'dev']) {
      const args = scripts[name]!.split(' -- ')[1]?.split(' ') ?? [];
      expect(jsFlagsRelaunchArgs(args, {}), name).toBeNull();
    }
  });

  it("are given to the benchmark's own process, where the main thread's figures are measured", () => {
    const node = scripts['bench']!.split(' ');
    expect(node[0]).toBe('node');
    for (const flag of MAIN_JS_FLAGS) expect(node).toContain(flag);
  });
});
