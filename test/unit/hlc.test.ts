import { describe, expect, it } from 'vitest';
import { compareHlc, compareStamps, formatHlc, HLC_ZERO, parseHlc, receive, tick, type Hlc } from '../../src/shared/hlc';

const T = Date.parse('2026-12-06T10:00:00Z');

describe('hybrid logical clock', () => {
  it('follows the wall clock while it moves forward', () => {
    const a = tick(HLC_ZERO, T);
    const b = tick(a, T + 5);
    expect(a).toEqual({ wall: T, counter: 0 });
    expect(b).toEqual({ wall: T + 5, counter: 0 });
  });

  it('stays monotonic when the wall clock stands still or goes back', () => {
    let h = tick(HLC_ZERO, T);
    const seen: Hlc[] = [h];
    for (const now of [T, T, T - 60_000, T - 3_600_000, T + 1]) {
      h = tick(h, now);
      seen.push(h);
    }
    for (let i = 1; i < seen.length; i++) expect(compareHlc(seen[i]!, seen[i - 1]!)).toBe(1);
    expect(seen[4]).toEqual({ wall: T, counter: 4 });
    expect(seen[5]).toEqual({ wall: T + 1, counter: 0 });
  });

  it('moves to the next millisecond when the counter is full', () => {
    expect(tick({ wall: T, counter: 0xffff }, T - 1)).toEqual({ wall: T + 1, counter: 0 });
  });

  it('orders a change after a received stamp even when the local wall clock is an hour behind', () => {
    const remote = { wall: T, counter: 3 };
    const local = receive(tick(HLC_ZERO, T - 3_600_000), remote, T - 3_600_000);
    expect(local).toEqual({ wall: T, counter: 4 });
    const mine = tick(local, T - 3_599_000);
    expect(compareHlc(mine, remote)).toBe(1);
    // The same stamp received twice changes nothing but the counter's progress.
    expect(compareHlc(receive(mine, remote, T - 3_599_000), mine)).toBe(1);
  });

  it('takes the wall clock when it is ahead of both', () => {
    expect(receive({ wall: T, counter: 9 }, { wall: T + 1, counter: 2 }, T + 50)).toEqual({ wall: T + 50, counter: 0 });
    expect(receive({ wall: T, counter: 9 }, { wall: T + 1, counter: 2 }, T)).toEqual({ wall: T + 1, counter: 3 });
    expect(receive({ wall: T + 2, counter: 1 }, { wall: T + 1, counter: 7 }, T)).toEqual({ wall: T + 2, counter: 2 });
    expect(receive({ wall: T, counter: 1 }, { wall: T, counter: 7 }, T)).toEqual({ wall: T, counter: 8 });
  });

  it('has a text form whose string order is the stamp order', () => {
    const stamps: Hlc[] = [
      { wall: 0, counter: 0 },
      { wall: T, counter: 0 },
      { wall: T, counter: 1 },
      { wall: T, counter: 0x10 },
      { wall: T + 1, counter: 0 },
      { wall: 0xffffffffffff, counter: 0xffff },
    ];
    const texts = stamps.map(formatHlc);
    expect([...texts].sort()).toEqual(texts);
    for (const s of stamps) expect(parseHlc(formatHlc(s))).toEqual(s);
    expect(() => parseHlc('2026-12-06')).toThrow(/not a clock stamp/);
  });

  it('orders changes totally by stamp, then device, then id', () => {
    const a = { hlc: formatHlc({ wall: T, counter: 1 }), node: 'b', id: 'a' };
    const b = { hlc: formatHlc({ wall: T, counter: 1 }), node: 'b', id: 'b' };
    const c = { hlc: formatHlc({ wall: T, counter: 1 }), node: 'c', id: '0' };
    const d = { hlc: formatHlc({ wall: T, counter: 2 }), node: 'a', id: '0' };
    expect([d, c, b, a].sort(compareStamps)).toEqual([a, b, c, d]);
    expect(compareStamps(a, { ...a })).toBe(0);
  });
});
