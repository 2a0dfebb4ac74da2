import { SUPPRESSION_RECORD_BYTES, type SuppressionFeedItem } from './protocol';

/**
 * Suppression pages on the wire: `packed` is base64 of `count` records of SUPPRESSION_RECORD_BYTES
 * (the 32-byte hash, then one byte of lists). Callers decode the base64 themselves (Buffer in Node).
 */

/** Throws unless `bytes` holds exactly `count` records, each lists byte 0..7. */
export function checkSuppressionRecords(bytes: Uint8Array, count: number): void {
  if (bytes.length !== count * SUPPRESSION_RECORD_BYTES) {
    throw new Error(`a suppression page of ${count} items must hold ${count * SUPPRESSION_RECORD_BYTES} bytes, not ${bytes.length}`);
  }
  for (let i = SUPPRESSION_RECORD_BYTES - 1; i < bytes.length; i += SUPPRESSION_RECORD_BYTES) {
    if (bytes[i]! > 7) throw new Error('a suppression record names lists that do not exist');
  }
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The items of a suppression page, for callers that want objects. */
export function unpackSuppression(bytes: Uint8Array, count: number): SuppressionFeedItem[] {
  checkSuppressionRecords(bytes, count);
  const out: SuppressionFeedItem[] = [];
  for (let i = 0; i < bytes.length; i += SUPPRESSION_RECORD_BYTES) out.push({ emailHmac: hex(bytes.subarray(i, i + 32)), lists: bytes[i + 32]! });
  return out;
}
