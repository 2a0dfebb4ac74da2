import { SUPPRESSION_RECORD_BYTES, type SuppressionFeedItem } from './protocol';

/** Suppression pages on the wire (Node only: the hub and the main process). */

/** Packs [hash, lists] records into a page's `packed` text. */
export function packSuppression(records: Buffer): string {
  return records.toString('base64');
}

/**
 * The records of a suppression page as raw bytes, checked: `count` records of
 * SUPPRESSION_RECORD_BYTES, each lists byte 0..7. Throws on anything else.
 */
export function suppressionRecords(packed: string, count: number): Buffer {
  const bytes = Buffer.from(packed, 'base64');
  if (bytes.length !== count * SUPPRESSION_RECORD_BYTES) {
    throw new Error(`a suppression page of ${count} items must hold ${count * SUPPRESSION_RECORD_BYTES} bytes, not ${bytes.length}`);
  }
  for (let i = SUPPRESSION_RECORD_BYTES - 1; i < bytes.length; i += SUPPRESSION_RECORD_BYTES) {
    if (bytes[i]! > 7) throw new Error('a suppression record names lists that do not exist');
  }
  return bytes;
}

/** The items of a suppression page, for callers that want objects. */
export function unpackSuppression(packed: string, count: number): SuppressionFeedItem[] {
  const bytes = suppressionRecords(packed, count);
  const out: SuppressionFeedItem[] = [];
  for (let i = 0; i < bytes.length; i += SUPPRESSION_RECORD_BYTES) out.push({ emailHmac: bytes.toString('hex', i, i + 32), lists: bytes[i + 32]! });
  return out;
}
