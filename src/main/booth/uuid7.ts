import { randomFillSync } from 'node:crypto';

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Entry ids
 * are permanent and must be unique like any UUID, but time-ordered ones land at the end of the
 * uuid indexes (entries.uuid, sync_outbox.id) instead of on a random page: with 100k entries
 * stored, that keeps the capture's commit to the pages already in cache.
 */
export function uuidV7(nowMs = Date.now()): string {
  const b = randomFillSync(Buffer.alloc(16));
  b.writeUIntBE(nowMs, 0, 6);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
