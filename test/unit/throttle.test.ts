import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGN_IN_DELAYS_MS, SignInThrottle } from '../../src/main/auth/throttle';

describe('sign-in throttle', () => {
  it('serves the configured delays in order, repeating the last', () => {
    const t = new SignInThrottle([0, 100, 250]);
    expect([1, 2, 3, 4, 5].map(() => t.fail('ada'))).toEqual([0, 100, 250, 250, 250]);
  });

  it('counts per username, ignoring case and surrounding spaces', () => {
    const t = new SignInThrottle([0, 100, 250]);
    t.fail('Ada');
    expect(t.fail(' ada ')).toBe(100);
    expect(t.fail('bob')).toBe(0);
  });

  it('a success starts the count over', () => {
    const t = new SignInThrottle([0, 100, 250]);
    t.fail('ada');
    t.fail('ada');
    t.succeed('ADA');
    expect(t.fail('ada')).toBe(0);
  });

  it('the default delays grow and never shrink', () => {
    const t = new SignInThrottle();
    const served = DEFAULT_SIGN_IN_DELAYS_MS.map(() => t.fail('mallory'));
    for (let i = 1; i < served.length; i++) expect(served[i]!).toBeGreaterThanOrEqual(served[i - 1]!);
    expect(served[served.length - 1]!).toBeGreaterThan(served[0]!);
    expect(served[served.length - 1]!).toBeGreaterThanOrEqual(10_000);
    expect(t.fail('mallory')).toBe(served[served.length - 1]);
  });

  it('unknown and known usernames are throttled alike', () => {
    const t = new SignInThrottle([5, 10]);
    expect([t.fail('admin'), t.fail('admin')]).toEqual([t.fail('no-such-user'), t.fail('no-such-user')]);
  });
});
