import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The hub's data key encrypts personal data before it reaches PostgreSQL (AES-256-GCM), so a dump
 * or a backup holds none readable. The key never enters the database; a check value (an HMAC of a
 * fixed label) does, so a hub started with the wrong key refuses to start instead of writing rows
 * nobody can read.
 */

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface DataKey {
  readonly key: Buffer;
}

export function dataKeyFrom(raw: Buffer): DataKey {
  if (raw.length !== 32) throw new Error(`the hub data key must be 32 bytes (got ${raw.length})`);
  return { key: raw };
}

/** Parses a key given as base64 or hex text (a key file's content or an environment variable). */
export function parseKeyText(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t, 'base64');
  if (b.length !== 32) throw new Error('the hub data key must be 32 bytes, written as 64 hex digits or base64');
  return b;
}

export function keyCheckValue(k: DataKey): string {
  return createHmac('sha256', k.key).update('ixo-hub data key check v1').digest('hex');
}

/** `aad` binds the ciphertext to its row (its id), so ciphertexts cannot be swapped between rows. */
export function seal(k: DataKey, plaintext: string, aad: string): Buffer {
  return sealMany(k, [plaintext], [aad])[0]!;
}

const HEADER = 1 + IV_BYTES + TAG_BYTES;

/**
 * Seals a batch: one call to the random source for every IV (a call per row costs more than the
 * encryption itself), and each result written once into its own buffer.
 */
export function sealMany(k: DataKey, plaintexts: readonly string[], aads: readonly string[]): Buffer[] {
  const ivs = randomBytes(IV_BYTES * plaintexts.length);
  return plaintexts.map((text, i) => {
    const iv = ivs.subarray(i * IV_BYTES, (i + 1) * IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', k.key, iv);
    cipher.setAAD(Buffer.from(aads[i]!, 'utf8'));
    const body = cipher.update(text, 'utf8');
    const tail = cipher.final();
    const out = Buffer.allocUnsafe(HEADER + body.length + tail.length);
    out[0] = FORMAT;
    iv.copy(out, 1);
    cipher.getAuthTag().copy(out, 1 + IV_BYTES);
    body.copy(out, HEADER);
    tail.copy(out, HEADER + body.length);
    return out;
  });
}

export function open(k: DataKey, sealed: Buffer, aad: string): string {
  if (sealed[0] !== FORMAT) throw new Error(`unknown sealed format ${sealed[0]}`);
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', k.key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const sha256Bytes = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** An opaque bearer token: a prefix naming its use and 32 random bytes. Stored only as its SHA-256. */
export const newToken = (prefix: 'ixoa' | 'ixor'): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A random code of `length` Crockford base32 characters (5 bits each). */
export function newCode(length: number): string {
  const bytes = randomBytes(length);
  let s = '';
  for (let i = 0; i < length; i++) s += CROCKFORD[bytes[i]! & 31];
  return s;
}

export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
