import { randomBytes } from 'node:crypto';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../src/shared/contract';
import { can, PERMISSIONS, ROLES, type Permission, type Role } from '../../src/shared/roles';
import { TEST_PASSWORD, type TestCore } from './core';
import { sampleInput } from './schema-inputs';

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
 *   'nowhere': it must not be stored at all (passwords, refused input, under-13 answers);
 *   'unchecked': may or may not be stored (generated inputs); only the at-rest scan applies.
 * The test signs in one staff member per role in `roles` on a connection named after the role
 * (see withStaff in ./core.ts); 'admin' is always there.
 */

export type CanaryKind = 'alnum' | 'letters' | 'digits';
export type CanaryWhere = 'db' | 'vault' | 'nowhere' | 'unchecked';
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
  {
    name: 'customers: product, registration (account, consent events, registration email), opt-out note; under-13 and unknown-address opt-outs keep nothing readable',
    roles: ['office_staff'],
    async write(t, canary) {
      const product = await t.must('admin', 'products.create', { name: canary('product name') });
      const notices = await t.must('office_staff', 'customers.notices', {});
      const version = (id: string) => notices.find((n) => n.id === id)!.version;
      const base = { productId: product.id, marketingOptIn: true, registrationNoticeVersion: version('registration'), marketingNoticeVersion: version('marketing') };
      const name = `${canary('customer first name', 'letters')} ${canary('customer surname', 'letters')}`;
      const r = await t.must('office_staff', 'customers.register', { ...base, birthDate: '1980-01-01', name, email: `${canary('customer email')}@example.test` });
      if (r.outcome !== 'registered') throw new Error('registration refused');
      const child = await t.must('office_staff', 'customers.register', {
        ...base,
        birthDate: '2020-06-01',
        name: canary('under-13 name', 'letters', 'nowhere'),
        email: `${canary('under-13 email', 'alnum', 'nowhere')}@example.test`,
      });
      if (child.outcome !== 'refused') throw new Error('an under-13 registration was not refused');
      await t.must('office_staff', 'optouts.process', { email: r.account.email, lists: ['email_marketing'], reason: 'other', note: canary('opt-out note'), requestedOn: '2026-11-01' });
      // An address with no account is kept only as a keyed hash.
      await t.must('office_staff', 'optouts.process', { email: `${canary('unknown opt-out email', 'alnum', 'nowhere')}@example.test`, lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-01' });
    },
  },
];

/**
 * Channels the generic writer below leaves alone: they sign people in or out, lock sessions, change
 * staff access, reach outside the machine, cancel background work or destroy records. Features with
 * such channels cover them with their own writer above.
 */
const GENERIC_SKIP: readonly RegExp[] = [
  /^auth\./,
  /^staff\.(setRole|setDisabled|resetPassword)$/,
  /^app\.openExternal$/,
  /^settings\.update$/,
  /^outbox\.sendNow$/,
  /^jobs\./,
  /^dsr\.erase$/,
];

export interface GenericCall {
  channel: ChannelName;
  role: Role;
  code: string;
}

/**
 * Writes through EVERY channel of the contract (bar GENERIC_SKIP), twice, as a role allowed to call
 * it, with inputs generated from its schema and canaries in every text field. Whatever a feature
 * stores this way is covered by the at-rest scan without anyone writing a writer for it; the second
 * pass reaches records (id 1) the first pass created. Returns every call's outcome.
 */
export async function writeThroughEveryChannel(t: TestCore, canary: Canary, today: string): Promise<GenericCall[]> {
  const calls: GenericCall[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const channel of CHANNEL_NAMES) {
      if (GENERIC_SKIP.some((re) => re.test(channel))) continue;
      const access = contract[channel].access as string;
      const role: Role | undefined =
        access === 'public' || access === 'signed_in' ? 'manager' : (PERMISSIONS as readonly string[]).includes(access) ? ROLES.find((r) => can(r, access as Permission)) : undefined;
      if (!role) continue;
      const input = sampleInput(contract[channel].input, { canary, today });
      if (input === null) continue;
      const r = await t.core.dispatch(role, channel, input);
      calls.push({ channel, role, code: r.ok ? 'ok' : r.error.code });
    }
  }
  return calls;
}
