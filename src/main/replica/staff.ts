import type { Database } from 'better-sqlite3-multiple-ciphers';
import { BOOTH_ROLES, type Role } from '../../shared/roles';
import type { Language } from '../../shared/i18n';
import type { Profile } from '../../shared/sync/protocol';
import { uuidV7 } from '../../shared/uuid7';
import { stmt } from '../db/statements';
import { appendAudit } from '../audit/log';
import { compareStamps, type Stamp } from '../../shared/hlc';
import { mergedFields, recordLocalChange, type FieldValues } from './records';

/**
 * Staff accounts as replicated records (table 'staff', record id = staff.gid). The local integer id
 * stays what every other table refers to; gid names the person across devices. Every write to the
 * staff table goes through staff/repo.ts, which calls shareStaffChange in the same transaction.
 *
 * Projection rules (projectStaff):
 * - A person first seen from the hub gets a new local row (and local id) once their username, name,
 *   role and password hash are known.
 * - Usernames are unique on a device. When two people made on different devices share one, the one
 *   with the smaller gid (the earlier made) keeps it on every device and the other signs in as
 *   `<username>~<last 4 characters of gid>` there; the shared value itself is not changed.
 * - On a booth, anyone whose role is not in BOOTH_ROLES is disabled locally.
 * - The last admin is kept (settleLastAdmin): when the merged records leave no enabled admin, the
 *   admin whose removal (a disable, or a role change away from admin) has the greatest stamp stays
 *   an enabled admin locally, as if that removal had been refused. The shared values are not
 *   changed, so every device and the hub hold the same records and every device keeps the same
 *   person; once another enabled admin exists, the removal takes effect.
 */

export interface StaffFields {
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  passwordHash: string;
  language: Language | null;
  /** The role a role change replaced; sent with every role change. */
  roleBefore: Role;
}

const KEPT_ADMIN_KEY = 'replica.keptAdmin';

/** The gid of a local staff row, given one if it has none (rows written before gids existed always have one after migration 009). */
export function staffGid(db: Database, staffId: number, createdAt: string): string {
  const row = stmt<[number], { gid: string | null }>(db, 'SELECT gid FROM staff WHERE id = ?').get(staffId);
  if (!row) throw new Error(`no staff member ${staffId}`);
  if (row.gid) return row.gid;
  const gid = uuidV7(Date.parse(createdAt) || 0);
  stmt(db, 'UPDATE staff SET gid = ? WHERE id = ?').run(gid, staffId);
  return gid;
}

/** Queues a local change of some of a staff member's fields. Call in the transaction that wrote the row. */
export function shareStaffChange(db: Database, staffId: number, fields: Partial<StaffFields>, at: string): void {
  const gid = staffGid(db, staffId, at);
  const values: FieldValues = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) values[k] = v;
  recordLocalChange(db, 'staff', gid, values, Date.parse(at));
  // A local promotion or enabling can end the keeping of a last admin merged from elsewhere.
  // Before enrollment no change has come from elsewhere, and older rows are not shared yet.
  const profile = enrolledProfile(db);
  if (profile !== null && (fields.role !== undefined || fields.disabled !== undefined)) settleLastAdmin(db, profile, at);
}

function enrolledProfile(db: Database): Profile | null {
  const row = stmt<[], { value: string }>(db, "SELECT value FROM settings WHERE key = 'sync.profile'").get();
  return row ? (JSON.parse(row.value) as Profile) : null;
}

interface LocalRow {
  id: number;
  gid: string | null;
  username: string;
}

const suffixed = (username: string, gid: string) => `${username}~${gid.slice(-4)}`;

/** The username this person signs in with here, moving another holder of the name aside if they rank after. */
function placeUsername(db: Database, gid: string, wanted: string): string {
  const other = stmt<[string, string], LocalRow>(db, 'SELECT id, gid, username FROM staff WHERE username = ? AND (gid IS NULL OR gid <> ?)').get(wanted, gid);
  if (!other) return wanted;
  if (other.gid !== null && other.gid < gid) return suffixed(wanted, gid);
  stmt(db, 'UPDATE staff SET username = ? WHERE id = ?').run(suffixed(other.username, other.gid ?? String(other.id).padStart(4, '0')), other.id);
  return wanted;
}

/** Writes the staff row of `gid` from its merged fields. Call inside a transaction. */
export function projectStaff(db: Database, gid: string, profile: Profile | null, at: string): void {
  const f = mergedFields(db, 'staff', gid);
  const v = <K extends keyof StaffFields>(k: K): StaffFields[K] | undefined => f[k]?.value as StaffFields[K] | undefined;
  const local = stmt<[string], LocalRow>(db, 'SELECT id, gid, username FROM staff WHERE gid = ?').get(gid);
  const kept = keptAdmin(db) === gid;
  const role = kept ? 'admin' : v('role');
  const barred = profile === 'booth' && role !== undefined && !BOOTH_ROLES.includes(role);
  const disabled = kept ? false : (v('disabled') ?? false) || barred;
  if (!local) {
    const username = v('username');
    const displayName = v('displayName');
    const passwordHash = v('passwordHash');
    if (username === undefined || displayName === undefined || role === undefined || passwordHash === undefined) return;
    stmt(db, 'INSERT INTO staff (gid, username, display_name, role, password_hash, disabled, language, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)').run(
      gid,
      placeUsername(db, gid, username),
      displayName,
      role,
      passwordHash,
      disabled ? 1 : 0,
      v('language') ?? null,
      at,
      at,
    );
    return;
  }
  const username = v('username');
  const name = username === undefined ? local.username : local.username === username ? username : placeUsername(db, gid, username);
  stmt(
    db,
    `UPDATE staff SET username = ?, display_name = coalesce(?, display_name), role = coalesce(?, role), password_hash = coalesce(?, password_hash),
       disabled = ?, language = CASE WHEN ? THEN ? ELSE language END, updated_at = ? WHERE id = ?`,
  ).run(name, v('displayName') ?? null, role ?? null, v('passwordHash') ?? null, disabled ? 1 : 0, f.language ? 1 : 0, v('language') ?? null, at, local.id);
}

function keptAdmin(db: Database): string | null {
  const row = stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(KEPT_ADMIN_KEY);
  return row ? (JSON.parse(row.value) as string | null) : null;
}

interface Field {
  value: unknown;
  hlc: string;
  node: string;
}

/**
 * The admin every device keeps when the merged staff records leave no enabled admin: the one whose
 * removal has the greatest stamp (then gid). Null while an enabled admin exists, or when no removal
 * of an admin is known.
 */
export function lastAdminToKeep(db: Database): string | null {
  const rows = stmt<[], { record_id: string; field: string; value: string; hlc: string; node: string }>(
    db,
    "SELECT record_id, field, value, hlc, node FROM replica_fields WHERE tbl = 'staff' AND field IN ('role', 'disabled', 'roleBefore')",
  ).all();
  const byGid = new Map<string, Record<string, Field>>();
  for (const r of rows) {
    const f = byGid.get(r.record_id) ?? {};
    f[r.field] = { value: JSON.parse(r.value) as unknown, hlc: r.hlc, node: r.node };
    byGid.set(r.record_id, f);
  }
  let best: { gid: string; stamp: Stamp } | null = null;
  for (const [gid, f] of byGid) {
    const admin = f.role?.value === 'admin';
    const disabled = f.disabled?.value === true;
    if (admin && !disabled) return null;
    const removals: Stamp[] = [];
    if (admin && disabled) removals.push({ hlc: f.disabled!.hlc, node: f.disabled!.node, id: gid });
    // A demotion: the role change that replaced 'admin' is the role's winning change itself.
    const was = f.roleBefore;
    if (!admin && f.role && was?.value === 'admin' && was.hlc === f.role.hlc && was.node === f.role.node) removals.push({ hlc: f.role.hlc, node: f.role.node, id: gid });
    for (const stamp of removals) if (best === null || compareStamps(stamp, best.stamp) > 0) best = { gid, stamp };
  }
  return best?.gid ?? null;
}

/**
 * Applies the last-admin rule after staff records merged (inside the transaction): re-projects the
 * person kept before and the person kept now, and audits a change of who is kept.
 */
export function settleLastAdmin(db: Database, profile: Profile | null, at: string): void {
  const before = keptAdmin(db);
  const now = lastAdminToKeep(db);
  if (before === now) return;
  stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEPT_ADMIN_KEY, JSON.stringify(now));
  for (const gid of [before, now]) if (gid !== null) projectStaff(db, gid, profile, at);
  const subject = (gid: string | null) => (gid === null ? null : (stmt<[string], { id: number }>(db, 'SELECT id FROM staff WHERE gid = ?').get(gid)?.id ?? null));
  appendAudit(db, at, {
    actorId: null,
    actorName: 'sync',
    action: now !== null ? 'staff.last_admin_kept' : 'staff.last_admin_released',
    subjectType: 'staff',
    subjectId: subject(now ?? before),
    details: { gid: now ?? before },
  });
}

/**
 * Every staff row this device held before it joined, shared once. Each keeps the time it was last
 * changed as its stamp, so an older local account loses to a newer change made elsewhere.
 */
export function shareExistingStaff(db: Database, stampOf: (updatedAt: string) => string, nowMs: number): number {
  const rows = stmt<[], { id: number; gid: string | null; username: string; display_name: string; role: Role; disabled: number; password_hash: string; language: Language | null; created_at: string; updated_at: string }>(
    db,
    "SELECT * FROM staff WHERE gid IS NULL OR gid NOT IN (SELECT record_id FROM replica_fields WHERE tbl = 'staff')",
  ).all();
  for (const r of rows) {
    const gid = staffGid(db, r.id, r.created_at);
    const values: FieldValues = { username: r.username, displayName: r.display_name, role: r.role, disabled: r.disabled === 1, passwordHash: r.password_hash, language: r.language };
    recordLocalChange(db, 'staff', gid, values, nowMs, stampOf(r.updated_at));
  }
  return rows.length;
}
