/**
 * Text escaping for XLSX cells (ECMA-376 Part 1, ST_Xstring: `_xHHHH_` stands for UTF-16 code unit
 * HHHH). XML cannot carry most control characters at all, and an XML reader turns CR and CRLF into
 * LF, so without this a cell holding "a\rb" would come back as "a\nb" and one holding U+0001 would be
 * dropped by the library (exceljs strips them silently). Excel decodes these escapes itself.
 *
 * Escaped: U+0000–U+0008, U+000B, U+000C, U+000D, U+000E–U+001F, U+007F, U+FFFE, U+FFFF and lone
 * surrogates; and an underscore that is followed by `x` and four hex digits, written as `_x005F_`,
 * so that literal text that looks like an escape survives; and an ampersand that starts one of the
 * five XML entity names (`&amp;`, `&lt;`, … as literal text), because exceljs's reader decodes
 * entities twice in the cells its writer produces and would turn the literal text `&amp;` into `&`
 * (Excel reads `_x0026_` as `&`, so the file stays exact for everyone). Escaping the underscore whatever
 * follows the four digits is what makes decoding unambiguous: an unescaped `_` in the output is
 * never followed by `x` and four hex digits, so it can never start a false match.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /_(?=x[0-9A-Fa-f]{4})|&(?=(?:lt|gt|amp|apos|quot);)|[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- as above, without the global flag, for a fast test
const NEEDS_ESCAPE_TEST = /_(?=x[0-9A-Fa-f]{4})|&(?=(?:lt|gt|amp|apos|quot);)|[\u0000-\u0008\u000B-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

export function escapeXlsxText(text: string): string {
  if (!NEEDS_ESCAPE_TEST.test(text)) return text;
  return text.replace(NEEDS_ESCAPE, (ch) => `_x${hex4(ch.charCodeAt(0))}_`);
}

export function unescapeXlsxText(text: string): string {
  return text.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
