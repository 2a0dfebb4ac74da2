import { describe, expect, it } from 'vitest';
import { SYNC_STATES } from '../../../src/shared/contract/sync';
import { isNetworkSignal, syncNowOn } from '../../../src/main/sync/network';

describe('network signals', () => {
  it('the network coming back starts a round only when the loop was offline or retrying', () => {
    const yes = SYNC_STATES.filter((s) => syncNowOn('online', s));
    expect(yes.sort()).toEqual(['offline', 'retrying']);
  });

  it('waking from sleep starts a round unless the device is not enrolled, revoked or already syncing', () => {
    const no = SYNC_STATES.filter((s) => !syncNowOn('resume', s));
    expect(no.sort()).toEqual(['not_enrolled', 'revoked', 'syncing']);
  });

  it('the network going away starts nothing', () => {
    expect(SYNC_STATES.some((s) => syncNowOn('offline', s))).toBe(false);
  });

  it('only the listed names pass from the renderer', () => {
    expect(['online', 'offline', 'resume'].every(isNetworkSignal)).toBe(true);
    expect([undefined, null, 1, 'ONLINE', 'online ', {}, ['online']].some(isNetworkSignal)).toBe(false);
  });
});
