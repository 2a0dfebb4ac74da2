import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileSha256 } from '../../src/main/optouts/import-file';
import type { ImportPlan } from '../../src/main/optouts/import-plan';
import { keepPlan, takePlan } from '../../src/main/optouts/plan-cache';

const planOf = (content: string, rows: number) => ({ sha256: fileSha256(content), rows }) as ImportPlan;

afterEach(() => {
  vi.useRealTimers();
});

describe('the preview plan cache', () => {
  it('gives a plan once, only to the staff member who previewed that very content', () => {
    const store = {};
    keepPlan(store, 1, planOf('file a', 10));
    expect(takePlan(store, 2, 'file a')).toBeUndefined();
    expect(takePlan(store, 1, 'file a ')).toBeUndefined();
    expect(takePlan(store, 1, 'file a')?.rows).toBe(10);
    expect(takePlan(store, 1, 'file a')).toBeUndefined();
    expect(takePlan({}, 1, 'file a')).toBeUndefined();
  });

  it('keeps at most one file’s worth of rows, dropping the oldest first', () => {
    const store = {};
    keepPlan(store, 1, planOf('old', 1_500_000));
    keepPlan(store, 1, planOf('new', 1_000_000));
    expect(takePlan(store, 1, 'old')).toBeUndefined();
    expect(takePlan(store, 1, 'new')?.rows).toBe(1_000_000);
    keepPlan(store, 1, planOf('a', 100));
    keepPlan(store, 1, planOf('b', 100));
    expect(takePlan(store, 1, 'a')?.rows).toBe(100);
    expect(takePlan(store, 1, 'b')?.rows).toBe(100);
  });

  it('forgets a plan after 30 minutes', () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T09:00:00Z') });
    const store = {};
    keepPlan(store, 1, planOf('file', 5));
    vi.setSystemTime(new Date('2026-11-26T09:31:00Z'));
    expect(takePlan(store, 1, 'file')).toBeUndefined();
  });
});
