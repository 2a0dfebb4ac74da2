import type { Database } from 'better-sqlite3-multiple-ciphers';
import { stmt } from '../db/statements';
import type { StaffMember } from '../../shared/contract/staff';
import type { Language } from '../../shared/i18n';
import type { Role } from '../../shared/roles';
import { uuidV7 } from '../../shared/uuid7';
import { shareStaffChange } from '../replica/staff';

interface StaffRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: 0 | 1;
  created_at: string;
  language: Language | null;
}

export interface StaffRecord extends StaffMember {
  passwordHash: string;
  /** Chosen by the staff member; null until chosen (the OS locale is used then). */
  language: Language | null;
}

const toRecord = (r: StaffRow): StaffRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  passwordHash: r.password_hash,
  language: r.language,
});


export const toMember = ({ passwordHash: _hash, language: _language, ...m }: StaffRecord): StaffMember => m;

/*
 * Every write below is shared with the organisation's other devices (replica/staff.ts): call them
 * inside a transaction, which then also holds the change's outbox row.
 */

export function setStaffLanguage(db: Database, id: number, language: Language, at: string): void {
  stmt(db, 'UPDATE staff SET language = ? WHERE id = ?').run(language, id);
  shareStaffChange(db, id, { language }, at);
}

export function countStaff(db: Database): number {
  return (stmt(db, 'SELECT count(*) AS n FROM staff').get() as { n: number }).n;
}

export function findStaffById(db: Database, id: number): StaffRecord | null {
  const r = stmt(db, 'SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  return r ? toRecord(r) : null;
}

export function findStaffByUsername(db: Database, username: string): StaffRecord | null {
  const r = stmt(db, 'SELECT * FROM staff WHERE username = ?').get(username.trim()) as StaffRow | undefined;
  return r ? toRecord(r) : null;
}

export function listStaff(db: Database): StaffMember[] {
  return (stmt(db, 'SELECT * FROM staff ORDER BY disabled, display_name COLLATE NOCASE').all() as StaffRow[]).map((r) => toMember(toRecord(r)));
}

export function insertStaff(db: Database, s: { username: string; displayName: string; role: Role; passwordHash: string }, at: string): number {
  const info = stmt(db, 'INSERT INTO staff (gid, username, display_name, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)').run(
    uuidV7(Date.parse(at)),
    s.username,
    s.displayName,
    s.role,
    s.passwordHash,
    at,
    at,
  );
  const id = Number(info.lastInsertRowid);
  shareStaffChange(db, id, { username: s.username.trim(), displayName: s.displayName, role: s.role, disabled: false, passwordHash: s.passwordHash, language: null }, at);
  return id;
}

export function updateStaff(db: Database, id: number, change: { role?: Role; disabled?: boolean; passwordHash?: string }, at: string): void {
  const sets: string[] = ['updated_at = ?'];
  const params: unknown[] = [at];
  if (change.role !== undefined) {
    sets.push('role = ?');
    params.push(change.role);
  }
  if (change.disabled !== undefined) {
    sets.push('disabled = ?');
    params.push(change.disabled ? 1 : 0);
  }
  if (change.passwordHash !== undefined) {
    sets.push('password_hash = ?');
    params.push(change.passwordHash);
  }
  const roleBefore = change.role === undefined ? undefined : stmt<[number], { role: Role }>(db, 'SELECT role FROM staff WHERE id = ?').get(id)?.role;
  // At most eight shapes of this statement exist (three optional columns), so caching by text is bounded.
  stmt(db, `UPDATE staff SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
  shareStaffChange(db, id, { ...change, roleBefore }, at);
}

export function countActiveAdmins(db: Database): number {
  return (stmt(db, "SELECT count(*) AS n FROM staff WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
}
