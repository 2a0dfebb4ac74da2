import { fileSha256 } from './import-file';
import type { ImportPlan } from './import-plan';

/**
 * The plans of recent previews, per open store, by staff member and file: the apply of a previewed
 * file takes its plan (once) instead of reading a million-account store again. A few at most, and
 * not for long: a plan is only a shortcut, the apply checks it and reads anything that changed.
 */
const PLAN_TTL_MS = 30 * 60_000;
const PLANS_KEPT = 4;
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
  while (m.size > PLANS_KEPT) m.delete(m.keys().next().value!);
}

/** The plan of this staff member's preview of exactly this content, if there is one; it is removed. */
export function takePlan(store: object, staffId: number, content: string): ImportPlan | undefined {
  const m = plansOf(store);
  const key = `${staffId}:${fileSha256(content)}`;
  const found = m.get(key);
  m.delete(key);
  return found?.plan;
}
