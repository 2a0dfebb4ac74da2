/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Entry ids
 * are permanent and must be unique like any UUID, but time-ordered ones land at the end of the
 * uuid indexes (entries.uuid, sync_outbox.id, staff.gid) instead of on a random page: with 100k
 * entries stored, that keeps the capture's commit to the pages already in cache.
 *
 * The random bits come from crypto.randomUUID() (in Node and in browsers), which draws from a
 * buffered CSPRNG (far cheaper per call than a fresh randomFillSync): its version nibble is replaced, its variant bits are already RFC.
 */
let prefixMs = Number.NaN;
let prefix = '';

export function uuidV7(nowMs = Date.now()): string {
  const r = globalThis.crypto.randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx
  // The time part is built once per millisecond: an import queues hundreds of ids in each.
  if (nowMs !== prefixMs) {
    const t = nowMs.toString(16).padStart(12, '0').slice(-12);
    prefix = `${t.slice(0, 8)}-${t.slice(8, 12)}-7`;
    prefixMs = nowMs;
  }
  return `${prefix}${r.slice(15, 18)}-${r.slice(19)}`;
}
