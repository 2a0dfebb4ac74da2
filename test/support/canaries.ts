import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/shared/roles';
import { TEST_PASSWORD, type TestCore } from './core';

/**
 * Writers for the at-rest test (test/integration/at-rest.test.ts). Each writes unique canary
 * strings through dispatch, the way the app would; the test then proves that no canary appears in
 * any file of the data directory, while the core is open (data still in the WAL) and after close.
 *
 * FEATURE OWNERS: add one writer per feature that stores text (names, emails, notes, addresses,
 * answers, …). Put a canary in every free-text field you store. Use `canary(label, kind, where)`:
 * - kind 'alnum' (default) / 'letters' / 'digits' (at most 12 digits, so it is never a card number):
 *   pick what your field's schema accepts, and embed it (`${canary('email')}@example.test`);
 * - where 'db' (default): it must end up stored in a database (the test checks that it did);
 *   'vault': it must be in the keychain and nowhere in the databases (secrets);
 *   'nowhere': it must not be stored at all (passwords, refused input, under-13 answers).
 * The test signs in one staff member per role in `roles` on a connection named after the role
 * (see withStaff in ./core.ts); 'admin' is always there.
 */

export type CanaryKind = 'alnum' | 'letters' | 'digits';
export type CanaryWhere = 'db' | 'vault' | 'nowhere';
export type Canary = (label: string, kind?: CanaryKind, where?: CanaryWhere) => string;

export interface CanaryWriter {
  /** The feature and what it writes, for failure messages. */
  name: string;
  roles: readonly Role[];
  write(t: TestCore, canary: Canary): Promise<void>;
}

export interface IssuedCanary {
  label: string;
  value: string;
  where: CanaryWhere;
}

/** Makes canaries and remembers them. Each is unique and unlikely to occur by chance (≥ 12 chars). */
export function canaryFactory(): { canary: Canary; issued: IssuedCanary[] } {
  const issued: IssuedCanary[] = [];
  const canary: Canary = (label, kind = 'alnum', where = 'db') => {
    const bytes = randomBytes(16);
    let value: string;
    switch (kind) {
      case 'alnum':
        value = `cnry${bytes.toString('hex').slice(0, 16)}`;
        break;
      case 'letters':
        value = `Cnry${[...bytes].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
        break;
      case 'digits':
        value = `9${[...bytes.subarray(0, 11)].map((b) => String(b % 10)).join('')}`;
        break;
    }
    issued.push({ label, value, where });
    return value;
  };
  return { canary, issued };
}

export const CANARY_WRITERS: CanaryWriter[] = [
  {
    name: 'staff: usernames, display names, passwords',
    roles: ['manager'],
    async write(t, canary) {
      const member = await t.must('admin', 'staff.create', {
        username: canary('staff username'),
        displayName: `${canary('staff display name', 'letters')} ${canary('staff surname', 'letters')}`,
        role: 'office_staff',
        password: canary('staff initial password', 'alnum', 'nowhere'),
      });
      await t.must('admin', 'staff.resetPassword', { id: member.id, password: canary('staff reset password', 'alnum', 'nowhere') });
      const newPassword = canary('own new password', 'alnum', 'nowhere');
      await t.must('manager', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword, confirmPassword: newPassword });
    },
  },
  {
    name: 'auth: what is typed into a failed sign-in is not kept',
    roles: [],
    async write(t, canary) {
      const r = await t.call('stranger', 'auth.signIn', { username: canary('typed unknown username', 'alnum', 'nowhere'), password: canary('typed password', 'alnum', 'nowhere') });
      if (r.ok) throw new Error('sign-in with a made-up user succeeded');
      const r2 = await t.call('stranger', 'auth.signIn', { username: 'admin', password: canary('wrong admin password', 'alnum', 'nowhere') });
      if (r2.ok) throw new Error('sign-in with a wrong password succeeded');
    },
  },
  {
    name: 'settings: SMTP host, user, sender; password in the keychain',
    roles: [],
    async write(t, canary) {
      await t.must('admin', 'settings.update', {
        lockAfterMinutes: 5,
        kioskIdleSeconds: 60,
        smtp: {
          host: `${canary('smtp host')}.example.test`,
          port: 587,
          secure: false,
          user: canary('smtp user'),
          password: canary('smtp password', 'alnum', 'vault'),
          from: `${canary('smtp from name', 'letters')} <${canary('smtp from address')}@example.test>`,
        },
      });
    },
  },
];
