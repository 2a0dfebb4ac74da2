import type { ReplicaFieldValue, ReplicaTable } from './protocol';

/**
 * What an erased person leaves in replicated records, the one rule the hub (hub/erasure.ts) and
 * every device (main/replica/erasure.ts) apply. An erased account keeps its tombstone (number,
 * product, dates, openings, erasedAt) and its consent events keep their proof (what, when, how, by
 * whom); names, addresses and free-text notes go. A record belongs to an account through
 * ownerAccount; the hub and devices scrub every record an erased account owns, whatever its stamps.
 */

type Value = ReplicaFieldValue['value'];

/** How each table's records relate to an account: the account itself, a record one account owns (ownerAccount), or no customer's. */
export const ACCOUNT_LINK: Record<ReplicaTable, 'self' | 'owned' | 'none'> = {
  accounts: 'self',
  consent: 'owned',
  notes: 'owned',
  billing: 'owned',
  leads: 'owned',
  staff: 'none',
  settings: 'none',
};

/** Tables whose records belong to an account. */
export const OWNED_TABLES = (Object.keys(ACCOUNT_LINK) as ReplicaTable[]).filter((t) => ACCOUNT_LINK[t] === 'owned');

/** The value an erased account's record keeps in `field`. `erasedAt` is the tombstone's time (it never goes back to null). */
export function erasedValue(table: ReplicaTable, field: string, value: Value, erasedAt: string): Value {
  switch (table) {
    case 'accounts':
      switch (field) {
        case 'name':
        case 'email':
          return null;
        case 'cancellation':
          return isObject(value) ? { ...value, note: null } : value;
        case 'erasedAt':
          return value === null ? erasedAt : value;
        default:
          return value;
      }
    case 'consent':
      return field === 'event' && isObject(value) ? { ...value, note: null } : value;
    case 'notes':
    case 'leads':
      return field === 'removed' ? true : removedValue(table, field, value);
    case 'billing':
      return removedValue(table, field, value);
    case 'staff':
    case 'settings':
      return value;
  }
}

/**
 * Whether a record's merged values say it was removed for good: a note or lead with `removed`, a
 * billing profile with `removedAt`. Such a removal wins over concurrent edits whatever their stamps:
 * the hub and every device keep its personal fields at removedValue.
 */
export function isRemoved(table: ReplicaTable, values: Record<string, Value | undefined>): boolean {
  switch (table) {
    case 'notes':
    case 'leads':
      return values.removed === true;
    case 'billing':
      return typeof values.removedAt === 'string';
    case 'accounts':
    case 'consent':
    case 'staff':
    case 'settings':
      return false;
  }
}

/**
 * The value a removed record keeps in `field`. A lead keeps a record that permission was obtained
 * (who obtained it, when, how, with which script and language, who recorded it), without the
 * prospect's own words, which may name them.
 */
export function removedValue(table: ReplicaTable, field: string, value: Value): Value {
  switch (table) {
    case 'notes':
      return field === 'body' ? null : value;
    case 'billing':
      return field === 'billingName' || field === 'address' || field === 'card' ? null : value;
    case 'leads':
      switch (field) {
        case 'name':
        case 'phone':
        case 'email':
        case 'company':
        case 'notes':
          return null;
        case 'permission':
          return isObject(value) ? { ...value, confirmation: ERASED_TEXT } : value;
        default:
          return value;
      }
    case 'accounts':
    case 'consent':
    case 'staff':
    case 'settings':
      return value;
  }
}

/** What stands in for a required text an erasure removed. */
export const ERASED_TEXT = '(erased)';

const isObject = (v: Value): v is Record<string, Value> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The account (gid) a record belongs to, from its fields, or null for records no account owns. An account owns itself. */
export function ownerAccount(table: ReplicaTable, recordId: string, fields: Record<string, { value: Value }>): string | null {
  switch (table) {
    case 'accounts':
      return recordId;
    case 'consent': {
      const e = fields.event?.value;
      return e !== undefined && isObject(e) && typeof e.account === 'string' ? e.account : null;
    }
    case 'notes':
    case 'billing': {
      const a = fields.account?.value;
      return typeof a === 'string' ? a : null;
    }
    case 'leads': {
      const c = fields.conversion?.value;
      return c !== undefined && isObject(c) && typeof c.account === 'string' ? c.account : null;
    }
    case 'staff':
    case 'settings':
      return null;
  }
}

/** The erasure time a change to an account carries, when it erases it. */
export function erasureIn(table: ReplicaTable, fields: Record<string, { value: Value }>): string | null {
  if (table !== 'accounts') return null;
  const v = fields.erasedAt?.value;
  return typeof v === 'string' ? v : null;
}
