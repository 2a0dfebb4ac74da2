import { fileSha256, IMPORT_MAX_ROWS } from './import-file';
import type { ImportPlan } from './import-plan';

/**
 * The plans of recent previews, per open store, by staff member and file: the apply of a previewed
 * file takes its plan (once) instead of reading a million-account store again. Not many and not for
 * long: a plan is only a shortcut, the apply checks it and reads anything that changed. Together they
 * hold at most as many rows as one file may have (a plan of 2M rows is ~150 MB).
 */
const PLAN_TTL_MS = 30 * 60_000;
const ROWS_KEPT = IMPORT_MAX_ROWS;
const plans = new WeakMap<object, Map<string, { plan: ImportPlan; at: number }>>();

function plansOf(store: object): Map<string, { plan: ImportPlan; at: number }> {
  let m = plans.get(store);
  if (!m) plans.set(store, (m = new Map()));
  for (const [k, v] of m) if (Date.now() - v.at > PLAN_TTL_MS) m.delete(k);
  return m;
}

export function keepPlan(store: object, staffId: number, plan: ImportPlan): void {
  const m = plansOf(store);
  const key = `${staffId}:${plan.sha256}`;
  m.delete(key);
  m.set(key, { plan, at: Date.now() });
  let rows = 0;
  for (const v of m.values()) rows += v.plan.rows;
  // Oldest first; the newest stays even alone.
  for (const [k, v] of m) {
    if (rows <= ROWS_KEPT || k === key) break;
    m.delete(k);
    rows -= v.plan.rows;
  }
}

/** The plan of this staff member's preview of exactly this content, if there is one; it is removed. */
export function takePlan(store: object, staffId: number, content: string | Uint8Array): ImportPlan | undefined {
  const m = plansOf(store);
  const key = `${staffId}:${fileSha256(content)}`;
  const found = m.get(key);
  m.delete(key);
  return found?.plan;
}
