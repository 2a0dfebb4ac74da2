import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Product } from '../../shared/contract/products';

interface ProductRow {
  id: number;
  name: string;
  active: 0 | 1;
}

const toProduct = (r: ProductRow): Product => ({ id: r.id, name: r.name, active: r.active === 1 });

export function listProducts(db: Database, includeRetired: boolean): Product[] {
  const sql = `SELECT id, name, active FROM products ${includeRetired ? '' : 'WHERE active = 1'} ORDER BY active DESC, name COLLATE NOCASE`;
  return (db.prepare(sql).all() as ProductRow[]).map(toProduct);
}

export function findProduct(db: Database, id: number): Product | null {
  const r = db.prepare('SELECT id, name, active FROM products WHERE id = ?').get(id) as ProductRow | undefined;
  return r ? toProduct(r) : null;
}

export function findProductByName(db: Database, name: string): Product | null {
  const r = db.prepare('SELECT id, name, active FROM products WHERE name = ?').get(name) as ProductRow | undefined;
  return r ? toProduct(r) : null;
}

export function insertProduct(db: Database, name: string, at: string): number {
  return Number(db.prepare('INSERT INTO products (name, active, created_at, updated_at) VALUES (?, 1, ?, ?)').run(name, at, at).lastInsertRowid);
}

export function updateProduct(db: Database, id: number, change: { name: string; active: boolean }, at: string): void {
  db.prepare('UPDATE products SET name = ?, active = ?, updated_at = ? WHERE id = ?').run(change.name, change.active ? 1 : 0, at, id);
}
