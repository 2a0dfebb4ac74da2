import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../src/main/auth/password';

describe('password hashing', () => {
  it('stores scrypt with its parameters, a random salt, and no trace of the password', async () => {
    const pw = 'Tr0ub4dor & 3 more';
    const hash = await hashPassword(pw);
    const [scheme, n, r, p, salt, key] = hash.split('$');
    expect(scheme).toBe('scrypt');
    // Memory-hard: at least 16 MiB per hash (128 * N * r bytes).
    expect(128 * Number(n) * Number(r)).toBeGreaterThanOrEqual(16 * 1024 * 1024);
    expect(Number(p)).toBeGreaterThanOrEqual(1);
    expect(Buffer.from(salt!, 'base64').length).toBeGreaterThanOrEqual(16);
    expect(Buffer.from(key!, 'base64').length).toBeGreaterThanOrEqual(32);
    expect(hash).not.toContain(pw);
    expect(hash).not.toContain(Buffer.from(pw).toString('base64'));
    expect(await hashPassword(pw)).not.toBe(hash);
  });

  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('correct horse battery ', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('normalises Unicode, so the same password typed on another keyboard layout matches', async () => {
    const composed = 'p\u00e4ssw\u00f6rd-long';
    const decomposed = 'pa\u0308ssw\u006f\u0308rd-long';
    expect(composed).not.toBe(decomposed);
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('treats an unknown or damaged stored hash as a mismatch, never as a match', async () => {
    const good = await hashPassword('correct horse battery');
    const [, n, r, p, salt] = good.split('$');
    for (const stored of ['', 'plain-text-password', `bcrypt$${n}$${r}$${p}$${salt}$AAAA`, `scrypt$${n}$${r}$${p}$${salt}$`, `scrypt$${n}$${r}$${p}$${salt}$AAAA`]) {
      expect(await verifyPassword('correct horse battery', stored)).toBe(false);
    }
  });

  it('the dummy hash used for unknown usernames is a real scrypt hash, made once', async () => {
    const a = await dummyPasswordHash();
    expect(a.startsWith('scrypt$')).toBe(true);
    expect(await dummyPasswordHash()).toBe(a);
    expect(await verifyPassword('correct horse battery', a)).toBe(false);
  });
});
