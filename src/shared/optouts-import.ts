/**
 * Reading an opt-out import file in the renderer. The bytes are decoded as strict UTF-8: a file in
 * another encoding is refused with a clear message instead of being read with mangled characters
 * (which would make addresses silently not match).
 */
export type DecodeResult = { ok: true; text: string } | { ok: false; message: string };

export const NOT_UTF8 = 'The file is not valid UTF-8 text. In your spreadsheet, save it as "CSV UTF-8 (comma delimited)" and choose it again. Nothing was imported.';

export function decodeCsvBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return { ok: false, message: 'The file is empty.' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: 'The file is saved as UTF-16 (Unicode text). Save it as "CSV UTF-8 (comma delimited)" and choose it again. Nothing was imported.' };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: NOT_UTF8 };
  }
  if (text.includes('\u0000')) return { ok: false, message: 'The file is not a text file. Choose the CSV file with the columns email, list, reason and date.' };
  return { ok: true, text };
}
