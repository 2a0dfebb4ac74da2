/**
 * The search of people (accounts, leads, contest entries) over the FTS5 trigram indexes created by
 * the migrations (accounts_fts, leads_fts, entries_fts): substrings of three or more characters,
 * case and diacritics folded by the tokenizer. Ranking: exact matches first, then matches at the
 * start of a word, then the rest in the index's bm25 order.
 */

/** Lower case without diacritics, the way the index folds text: "MÄKINEN" -> "makinen". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** The trigram index finds nothing shorter than this. */
export const FTS_MIN_CHARS = 3;

/** A query as one FTS5 phrase (the user's text taken literally), or null when too short to search. */
export function ftsPhrase(query: string): string | null {
  const q = query.trim();
  if ([...q].length < FTS_MIN_CHARS) return null;
  return `"${q.replace(/"/g, '""')}"`;
}

/**
 * An FTS5 query: the phrase in the given text columns, or the typed digits in the phone column.
 * Phones are stored as digits; leading zeros of what was typed are dropped, so "040 123" finds
 * both "0401234567" and "+358401234567".
 */
export function ftsQuery(query: string, textColumns: readonly string[], phoneColumn?: string): string | null {
  const phrase = ftsPhrase(query);
  const digits = query.replace(/\D/g, '').replace(/^0+/, '');
  const parts: string[] = [];
  if (phrase) parts.push(`{${textColumns.join(' ')}} : ${phrase}`);
  if (phoneColumn && digits.length >= FTS_MIN_CHARS && /^[\d\s()+.-]+$/.test(query.trim())) parts.push(`${phoneColumn} : "${digits}"`);
  return parts.length ? parts.join(' OR ') : null;
}

/** 0: a field equals the query; 1: a field or one of its words starts with it; 2: it is inside a field. */
export function matchTier(query: string, fields: readonly (string | null | undefined)[]): 0 | 1 | 2 {
  const q = fold(query.trim());
  let best: 0 | 1 | 2 = 2;
  for (const f of fields) {
    if (!f) continue;
    const v = fold(f);
    if (v === q) return 0;
    if (v.startsWith(q) || v.split(/[\s@._-]+/).some((w) => w.startsWith(q))) best = 1;
  }
  return best;
}

/** Orders hits by tier, keeping the order they came in (bm25) within a tier. */
export function rankHits<T>(hits: readonly T[], tierOf: (hit: T) => number): T[] {
  return hits
    .map((hit, i) => ({ hit, i, tier: tierOf(hit) }))
    .sort((a, b) => a.tier - b.tier || a.i - b.i)
    .map((x) => x.hit);
}
