import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BillingProfile, CardBrand } from '../../shared/contract/billing';

/** The columns of a billing_profiles row both this repository and the billing replica read. */
export interface BillingColumns {
  account_id: number;
  billing_name: string;
  address_line1: string;
  address_line2: string | null;
  postal_code: string;
  city: string;
  country: string;
  card_brand: CardBrand | null;
  card_last4: string | null;
  updated_at: string;
}

interface BillingRow extends BillingColumns {
  updated_by_name: string;
}

const toProfile = (r: BillingRow): BillingProfile => ({
  accountId: r.account_id,
  billingName: r.billing_name,
  addressLine1: r.address_line1,
  addressLine2: r.address_line2,
  postalCode: r.postal_code,
  city: r.city,
  country: r.country,
  card: r.card_brand !== null && r.card_last4 !== null ? { brand: r.card_brand, last4: r.card_last4 } : null,
  updatedAt: r.updated_at,
  updatedByName: r.updated_by_name,
});

export function findBilling(db: Database, accountId: number): BillingProfile | null {
  const r = db
    .prepare('SELECT b.*, s.display_name AS updated_by_name FROM billing_profiles b JOIN staff s ON s.id = b.updated_by WHERE b.account_id = ?')
    .get(accountId) as BillingRow | undefined;
  return r ? toProfile(r) : null;
}

export interface BillingValues {
  billingName: string;
  addressLine1: string;
  addressLine2: string | null;
  postalCode: string;
  city: string;
  country: string;
  card: { brand: CardBrand; last4: string } | null;
}

export function upsertBilling(db: Database, accountId: number, v: BillingValues, by: number, at: string): void {
  db.prepare(
    `INSERT INTO billing_profiles (account_id, billing_name, address_line1, address_line2, postal_code, city, country, card_brand, card_last4, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(account_id) DO UPDATE SET billing_name = excluded.billing_name, address_line1 = excluded.address_line1,
       address_line2 = excluded.address_line2, postal_code = excluded.postal_code, city = excluded.city, country = excluded.country,
       card_brand = excluded.card_brand, card_last4 = excluded.card_last4, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(accountId, v.billingName, v.addressLine1, v.addressLine2, v.postalCode, v.city, v.country, v.card?.brand ?? null, v.card?.last4 ?? null, at, by);
}

export function deleteBilling(db: Database, accountId: number): boolean {
  return db.prepare('DELETE FROM billing_profiles WHERE account_id = ?').run(accountId).changes === 1;
}
