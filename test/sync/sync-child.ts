/**
 * The process the client-kill test kills (test/sync/client-kill.test.ts). It opens the real core on
 * the given data directory, signs in as the admin and runs one sync round; the moment the hub's
 * answer to the first push has arrived, and before the device records it, the process kills itself
 * with SIGKILL.
 *
 * Environment: SYNC_CHILD_DIR, SYNC_CHILD_KEYS (JSON of key vault entries), SYNC_CHILD_RESOURCES,
 * SYNC_CHILD_PASSWORD.
 */
import fs from 'node:fs';
import { createCore } from '../../src/main/core';
import { memoryVault } from '../../src/main/keychain/vault';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const say = (line: string) => fs.writeSync(1, `${line}\n`);

const core = await createCore({
  dataDir: env('SYNC_CHILD_DIR'),
  vault: memoryVault(JSON.parse(env('SYNC_CHILD_KEYS')) as Record<string, string>),
  resourcesDir: env('SYNC_CHILD_RESOURCES'),
  appVersion: '0.1.0',
  signInDelaysMs: [0],
  sync: {
    autoStart: false,
    afterPushAnswer: () => {
      say('ANSWERED');
      process.kill(process.pid, 'SIGKILL');
    },
  },
});
const signIn = await core.dispatch('child', 'auth.signIn', { username: 'admin', password: env('SYNC_CHILD_PASSWORD') });
if (!signIn.ok) {
  say(`FAIL ${JSON.stringify(signIn.error)}`);
  process.exit(2);
}
const r = await core.dispatch('child', 'sync.now', {});
say(`NOT KILLED ${JSON.stringify(r)}`);
process.exit(3);
