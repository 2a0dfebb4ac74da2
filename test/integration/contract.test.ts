import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/shared/api';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../src/shared/contract';
import { ERROR_CODES, type Result } from '../../src/shared/errors';
import { PERMISSIONS, ROLES, can, type Permission, type Role } from '../../src/shared/roles';
import { manualClock, ROOT, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';

/**
 * Walks the whole channel table, so every channel any feature adds is covered without editing
 * this file: schema and access present, every role refused outside its permissions, malformed
 * input refused with nothing written, unknown channels and signed-out callers refused.
 */

const entries = CHANNEL_NAMES.map((name) => [name, contract[name] as { access: string; input: z.ZodType }] as const);
const accessOf = (name: ChannelName) => contract[name].access as string;
const isPermission = (a: string): a is Permission => (PERMISSIONS as readonly string[]).includes(a);

/** Roles that may call a channel ('public' and 'signed_in' channels: every role). */
function allowedRoles(name: ChannelName): Role[] {
  const access = accessOf(name);
  if (access === 'public' || access === 'signed_in') return [...ROLES];
  return ROLES.filter((r) => isPermission(access) && can(r, access));
}

/** Inputs that no channel may accept: not an object, or an object with a key no schema declares. */
const MALFORMED: readonly [string, unknown][] = [
  ['a number', 42],
  ['a string', 'customers'],
  ['null', null],
  ['undefined', undefined],
  ['an array', [{}]],
  ['a boolean', true],
  ['an object with an unexpected key', { unexpectedKey: 'x' }],
  ['an object with a prototype-pollution key', JSON.parse('{"__proto__": {"polluted": true}}') as unknown],
];

/**
 * Every object a schema accepts must be a strict object: an unknown key is refused, not dropped.
 * Looks through wrappers (pipe/transform, default, optional, …) and into unions.
 */
function strictObjectsOnly(schema: z.ZodType, where = 'input'): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object': {
      const catchall = def['catchall'] as z.ZodType | undefined;
      const strict = catchall !== undefined && (catchall as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'never';
      return strict ? [] : [`${where} is not .strict()`];
    }
    case 'pipe':
      return strictObjectsOnly(def['in'] as z.ZodType, where);
    case 'union':
      return (def['options'] as z.ZodType[]).flatMap((o, i) => strictObjectsOnly(o, `${where}|${i}`));
    case 'intersection':
      return [...strictObjectsOnly(def['left'] as z.ZodType, `${where}&L`), ...strictObjectsOnly(def['right'] as z.ZodType, `${where}&R`)];
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return strictObjectsOnly(def['innerType'] as z.ZodType, where);
    default:
      return [`${where} is a ${def.type}, not z.object({...}).strict()`];
  }
}

let t: TestCore;
const clock = manualClock();
const digest = () => `${storeDigest(t.core.stores!.customers)}:${storeDigest(t.core.stores!.contests)}`;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  t = await startCore({ clock });
  await withStaff(t, ROLES);
  // A connection that was signed in and signed out again.
  await t.must('signed-out', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD });
  await t.must('signed-out', 'auth.signOut', {});
});

afterAll(async () => {
  await t.close();
});

describe('the channel table', () => {
  it('has channels, and every one has a zod schema and an access rule', () => {
    expect(entries.length).toBeGreaterThan(10);
    for (const [name, def] of entries) {
      expect(name, 'names are feature.verb').toMatch(/^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/);
      expect(def.input, name).toBeInstanceOf(z.ZodType);
      const access = def.access;
      expect(access === 'public' || access === 'signed_in' || isPermission(access), `${name}: access ${access}`).toBe(true);
    }
  });

  it('every input schema is a strict object', () => {
    const problems = entries.flatMap(([name, def]) => strictObjectsOnly(def.input).map((p) => `${name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('every permission-guarded channel can be called by at least one role', () => {
    const orphans = CHANNEL_NAMES.filter((name) => allowedRoles(name).length === 0);
    expect(orphans).toEqual([]);
  });

  it('error codes are the documented set', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('permissions', () => {
  it('every role is refused with forbidden on every channel outside its permissions, and nothing is written', async () => {
    const before = digest();
    const wrong: string[] = [];
    let checked = 0;
    for (const role of ROLES) {
      for (const name of CHANNEL_NAMES) {
        const access = accessOf(name);
        if (!isPermission(access) || can(role, access)) continue;
        checked++;
        // Valid-looking and empty input alike: the permission is checked before the input.
        for (const input of [{}, { id: 1 }]) {
          const r = await t.core.dispatch(role, name, input);
          if (code(r) !== 'forbidden') wrong.push(`${role} on ${name}: ${JSON.stringify(r)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(0);
    expect(digest()).toBe(before);
  });

  it('roles are signed in on their connections (so the refusals above are about permissions)', async () => {
    for (const role of ROLES) expect((await t.must(role, 'auth.session', {}))?.role).toBe(role);
  });
});

describe('malformed input', () => {
  it('is refused with invalid_input by every role that may call the channel, and nothing is written', async () => {
    const wrong: string[] = [];
    for (const name of CHANNEL_NAMES) {
      const callers: string[] = allowedRoles(name);
      if (accessOf(name) === 'public') callers.push('never-signed-in', 'signed-out');
      const before = digest();
      for (const caller of callers) {
        for (const [label, input] of MALFORMED) {
          const r = await t.core.dispatch(caller, name, input);
          if (r.ok || r.error.code !== 'invalid_input' || r.error.message.length === 0) wrong.push(`${caller} on ${name} with ${label}: ${JSON.stringify(r)}`);
        }
      }
      const after = digest();
      if (after !== before) wrong.push(`${name}: malformed input changed the stores`);
    }
    expect(wrong).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('unknown channels', () => {
  const NAMES: unknown[] = ['nope.nothing', 'app', 'app.', '.status', 'APP.STATUS', 'app.status.extra', ' app.status', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '', 42, null, undefined, {}, ['app.status'], Symbol('app.status')];

  it('are refused with unknown_channel, signed in or not, and nothing is written', async () => {
    const before = digest();
    for (const conn of ['admin', 'manager', 'never-signed-in']) {
      for (const name of NAMES) {
        const r = await t.core.dispatch(conn, name, {});
        expect(code(r), `${conn}: ${String(name)}`).toBe('unknown_channel');
      }
    }
    expect(digest()).toBe(before);
  });
});

describe('signed-out callers', () => {
  it('get unauthenticated on every non-public channel, and nothing is written', async () => {
    const before = digest();
    const nonPublic = CHANNEL_NAMES.filter((n) => accessOf(n) !== 'public');
    expect(nonPublic.length).toBeGreaterThan(0);
    for (const conn of ['never-signed-in', 'signed-out']) {
      for (const name of nonPublic) {
        for (const input of [{}, 42]) {
          const r = await t.core.dispatch(conn, name, input);
          expect(code(r), `${conn} on ${name}`).toBe('unauthenticated');
        }
      }
    }
    expect(digest()).toBe(before);
  });

  it('public channels answer a signed-out caller', async () => {
    expect(await t.call('never-signed-in', 'app.status', {})).toEqual({ ok: true, value: { state: 'ready' } });
    expect(await t.call('never-signed-in', 'auth.session', {})).toEqual({ ok: true, value: null });
  });
});

describe('the preload surface', () => {
  it('buildApi exposes exactly one function per channel and nothing else', async () => {
    const calls: [string, unknown][] = [];
    const api = buildApi(async (channel, input) => {
      calls.push([channel, input]);
      return { ok: true, value: channel };
    }) as unknown as Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>>;

    expect(Object.getOwnPropertySymbols(api)).toEqual([]);
    const exposed: string[] = [];
    for (const feature of Reflect.ownKeys(api)) {
      expect(typeof feature).toBe('string');
      const group = api[feature as string]!;
      expect(Object.isFrozen(group)).toBe(true);
      expect(Object.getOwnPropertySymbols(group)).toEqual([]);
      for (const verb of Object.getOwnPropertyNames(group)) {
        expect(typeof group[verb], `${String(feature)}.${verb}`).toBe('function');
        exposed.push(`${String(feature)}.${verb}`);
      }
    }
    expect(Object.isFrozen(api)).toBe(true);
    expect(exposed.sort()).toEqual([...CHANNEL_NAMES].sort());

    // Each function calls its own channel, passing the input through unchanged.
    for (const name of CHANNEL_NAMES) {
      const [feature, verb] = name.split('.') as [string, string];
      const input = { marker: name };
      expect(await api[feature]![verb]!(input)).toEqual({ ok: true, value: name });
      expect(calls.at(-1)).toEqual([name, input]);
    }
    expect(calls).toHaveLength(CHANNEL_NAMES.length);
    await api['app']!['status']!();
    expect(calls.at(-1)).toEqual(['app.status', {}]);
  });

  it('the preload exposes only that api', () => {
    const src = fs.readFileSync(path.join(ROOT, 'src/preload/index.ts'), 'utf8');
    expect(src.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(src).toMatch(/exposeInMainWorld\(\s*'api',\s*buildApi\(/);
    // ipcRenderer is never handed over: it appears only as the invoke inside buildApi and as the
    // one-way relay of the window's online/offline events, each sending a fixed name.
    expect(src.match(/ipcRenderer\.\w+\([^)]*\)/g)).toEqual([
      'ipcRenderer.invoke(channel, input)',
      "ipcRenderer.send(NETWORK_EVENT, 'online')",
      "ipcRenderer.send(NETWORK_EVENT, 'offline')",
    ]);
    const code = src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code.match(/ipcRenderer/g)).toHaveLength(4); // the import and the three calls above
    expect(src).not.toMatch(/ipcRenderer\.(on|once|addListener|sendSync|postMessage)\b/);
  });
});
