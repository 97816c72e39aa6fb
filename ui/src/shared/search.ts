// Search-as-you-type over many short titles (the command palette): case and
// accents folded once per record when the index is built, the query once per
// keystroke; a query that extends the previous one searches only the previous
// matches. Ranking: the title starts with the query, then the query starts a
// word of the title, then it is inside the title, then every word of the query
// is in the title, then in the title or the context (kind, where it lives).
// Ties: the match earlier in the title, the shorter title, the index's order.

/** Case and accents folded ("Émile" → "emile"): what is compared. */
export function fold(s: string): string {
  // Most titles are plain ASCII: no decomposition to do (10× faster on 10,000 titles).
  if (ASCII.test(s)) return s.toLowerCase();
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const ASCII = /^[\x00-\x7f]*$/;

/** A query as compared: folded, trimmed, runs of spaces as one. */
export function normalizeQuery(q: string): string {
  return fold(q).trim().replace(/\s+/g, ' ');
}

export const TIER = { prefix: 0, wordStart: 1, inside: 2, words: 3, context: 4 } as const;
export type Tier = (typeof TIER)[keyof typeof TIER];

export interface IndexEntry {
  title: string;
  /** Searched too, ranked last: the kind, where the record lives. */
  context: string;
  /** Listed after the others of its tier (a menu command disabled now). */
  demoted?: boolean;
}

/** The folded text of every entry, built once per set of records. */
export interface SearchIndex {
  readonly titles: readonly string[];
  readonly contexts: readonly string[];
  readonly demoted: Uint8Array;
}

export function buildIndex(entries: readonly IndexEntry[]): SearchIndex {
  const titles = new Array<string>(entries.length);
  const contexts = new Array<string>(entries.length);
  const demoted = new Uint8Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    titles[i] = fold(e.title);
    contexts[i] = fold(e.context);
    demoted[i] = e.demoted ? 1 : 0;
  }
  return { titles, contexts, demoted };
}

/** Indexes built separately (records, commands) searched as one, in this order. */
export function joinIndexes(parts: readonly SearchIndex[]): SearchIndex {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((a, p) => a + p.titles.length, 0);
  const demoted = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    demoted.set(p.demoted, at);
    at += p.titles.length;
  }
  return { titles: parts.flatMap((p) => p.titles), contexts: parts.flatMap((p) => p.contexts), demoted };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isWordChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return WORD_CHAR.test(c);
}

/** How `title` (and `context`) match the normalized query `q` of `words`: its
 *  tier and where in the title; null: no match. */
export function matchOf(title: string, context: string, q: string, words: readonly string[]): { tier: Tier; pos: number } | null {
  const code = matchCode(title, context, q, words);
  return code < 0 ? null : { tier: Math.floor(code / 1000) as Tier, pos: code % 1000 };
}

/** `matchOf` as one number (tier × 1000 + position, -1: no match): the search
 *  loop allocates nothing per row. */
function matchCode(title: string, context: string, q: string, words: readonly string[]): number {
  let i = title.indexOf(q);
  if (i === 0) return TIER.prefix * 1000;
  if (i > 0) {
    const first = i;
    for (; i > 0; i = title.indexOf(q, i + 1)) if (!isWordChar(title[i - 1])) return TIER.wordStart * 1000 + Math.min(i, 999);
    return TIER.inside * 1000 + Math.min(first, 999);
  }
  if (words.length < 2 && context.indexOf(q) < 0) return -1;
  let inTitle = true;
  let pos = 999;
  for (const w of words) {
    const at = title.indexOf(w);
    if (at >= 0) pos = Math.min(pos, at);
    else if (context.indexOf(w) >= 0) inTitle = false;
    else return -1;
  }
  return inTitle ? TIER.words * 1000 + pos : TIER.context * 1000 + (pos === 999 ? 0 : pos);
}

/** One search's answer. `matched` (every match, in index order) narrows the
 *  next search when its query extends this one. */
export interface SearchResult {
  query: string;
  /** The best `limit` matches, best first (indices into the index). */
  hits: number[];
  matched: Int32Array;
}

/** The entries matching `query`, ranked; `previous` (the last answer on the
 *  same index) is reused when the query only grew. An empty query matches
 *  nothing (the caller shows its default list). */
export function search(index: SearchIndex, query: string, limit: number, previous?: SearchResult | null): SearchResult {
  const q = normalizeQuery(query);
  if (q === '') return { query: q, hits: [], matched: new Int32Array(0) };
  const words = q.split(' ');
  const within = previous && previous.query !== '' && q.startsWith(previous.query) ? previous.matched : null;
  const n = within ? within.length : index.titles.length;
  const matched = new Int32Array(n);
  // Sort keys: tier (demoted entries after their tier), position, length, index,
  // packed in one float so the sort compares numbers (an index holds under a
  // million rows: 10,000 elements make ~15,000).
  const keys = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const i = within ? within[k] : k;
    const title = index.titles[i];
    const code = matchCode(title, index.contexts[i], q, words);
    if (code < 0) continue;
    matched[m] = i;
    keys[m] = (Math.floor(code / 1000) * 2 + index.demoted[i]) * 1e12 + (code % 1000) * 1e9 + Math.min(title.length, 999) * 1e6 + i;
    m++;
  }
  const ranked = keys.subarray(0, m).sort();
  const hits: number[] = [];
  for (let k = 0; k < Math.min(limit, m); k++) hits.push(ranked[k] % 1e6);
  return { query: q, hits, matched: matched.slice(0, m) };
}
