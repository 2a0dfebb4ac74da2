import { describe, expect, it } from 'vitest';
import { samePhone } from '../../src/main/leads/repo';

describe('samePhone: how a data subject request finds leads and entries by phone', () => {
  it.each([
    ['+358 40 111 2222', '040-111 2222'],
    ['+358401112222', '00358 40 111 2222'],
    ['(09) 3157 7988', '+358 9 3157 7988'],
    ['040 111 2222', '0401112222'],
  ])('%s is the same line as %s', (a, b) => {
    expect(samePhone(a, b)).toBe(true);
    expect(samePhone(b, a)).toBe(true);
  });

  it.each([
    ['+358 40 111 2222', '+358 40 111 2223'],
    ['+358 40 111 2222', '+46 40 111 2222 9'],
    ['111 2222', '+358 40 111 2222'],
    ['12345', '12345'],
    ['+1 555 0100 111 2222', '040 111 2222'],
  ])('%s is not %s', (a, b) => {
    expect(samePhone(a, b)).toBe(false);
  });
});
