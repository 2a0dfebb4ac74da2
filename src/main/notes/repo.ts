import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ServiceNote } from '../../shared/contract/notes';
import { uuidV7 } from '../../shared/uuid7';

/**
 * SQL of the service_notes table. Nothing outside src/main/notes and src/main/dsr reads this table:
 * account views and exports are built without it (policy 2c).
 */

interface NoteRow {
  id: number;
  account_id: number;
  body: string;
  created_at: string;
  created_by_name: string;
  updated_at: string;
  updated_by_name: string;
}

const SELECT = `
  SELECT n.id, n.account_id, n.body, n.created_at, c.display_name AS created_by_name, n.updated_at, u.display_name AS updated_by_name
  FROM service_notes n JOIN staff c ON c.id = n.created_by JOIN staff u ON u.id = n.updated_by`;

const toNote = (r: NoteRow): ServiceNote => ({
  id: r.id,
  accountId: r.account_id,
  body: r.body,
  createdAt: r.created_at,
  createdByName: r.created_by_name,
  updatedAt: r.updated_at,
  updatedByName: r.updated_by_name,
});

export function insertNote(db: Database, accountId: number, body: string, by: number, at: string): number {
  const info = db
    .prepare('INSERT INTO service_notes (gid, account_id, body, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(uuidV7(Date.parse(at)), accountId, body, at, by, at, by);
  return Number(info.lastInsertRowid);
}

export function updateNote(db: Database, id: number, body: string, by: number, at: string): void {
  db.prepare('UPDATE service_notes SET body = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(body, at, by, id);
}

export function deleteNote(db: Database, id: number): void {
  db.prepare('DELETE FROM service_notes WHERE id = ?').run(id);
}

export function findNote(db: Database, id: number): ServiceNote | null {
  const r = db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as NoteRow | undefined;
  return r ? toNote(r) : null;
}

/** Newest first. */
export function listNotes(db: Database, accountId: number): ServiceNote[] {
  return (db.prepare(`${SELECT} WHERE n.account_id = ? ORDER BY n.id DESC`).all(accountId) as NoteRow[]).map(toNote);
}

export function deleteNotesOfAccount(db: Database, accountId: number): number {
  return db.prepare('DELETE FROM service_notes WHERE account_id = ?').run(accountId).changes;
}
