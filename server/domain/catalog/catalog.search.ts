// Search as you type over the catalog's FTS5 index: prefixes, several words, SKUs, barcodes, and one typo per word.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import type { Id } from '../../shared/ids.ts';
import { toView, type VariantView } from './catalog.lookup.ts';

export interface SearchOptions {
  branchId: Id<'Branch'> | null;
  limit?: number;
}

export interface SearchResult {
  items: VariantView[];
  /** True when no word matched as typed and the results come from the nearest spellings. */
  corrected: boolean;
}

/** Queries shorter than this (in characters, all words together) are not ranked by bm25: too many rows match. */
const RANK_MIN_CHARS = 3;
const MAX_LIMIT = 100;
/** Most matches a query ranks by bm25 (see `ranked`). */
const RANK_CANDIDATES = 3000;

const ROW_COLUMNS = `v.id as variantId, p.id as productId, p.title as productTitle, v.title as variantTitle, v.sku as sku,
  (select min(b.barcode) from variant_barcodes b where b.variant_id = v.id) as barcode, p.vendor as vendor, v.price as price,
  v.compare_at_price as compareAtPrice, v.unit as unit, t.rate_bps as taxRateBps, (v.active and p.active) as active,
  (select s.on_hand from stock_levels s where s.variant_id = v.id and s.branch_id = @branchId) as stock`;
const ROW_JOIN = `join catalog_search_keys k on k.id = m.rowid join variants v on v.id = k.variant_id
  join products p on p.id = v.product_id left join tax_classes t on t.id = v.tax_class_id`;

interface Statements {
  ranked: Database.Statement;
  unranked: Database.Statement;
  exact: Database.Statement;
  vocab: Database.Statement;
  hasPrefix: Database.Statement;
}

function prepared(db: Db): Statements {
  return preparedOnce(db, 'catalog.search', (): Statements => {
    return {
      // Title weighs most, then SKU and barcode, then vendor. Rank is computed only on the matching rows.
      // bm25 is scored on at most RANK_CANDIDATES matches (in index order): a broad prefix such as "kur" matches tens of
      // thousands of rows, where full ranking costs 20+ ms and tells the cashier nothing; every further letter narrows it.
      ranked: db.$client.prepare(`with c as (select rowid, bm25(catalog_search, 10.0, 6.0, 6.0, 1.0) as score from catalog_search
          where catalog_search match @match limit ${RANK_CANDIDATES}),
        m as (select rowid, score from c order by score limit @window)
        select ${ROW_COLUMNS} from m ${ROW_JOIN} where v.active = 1 and p.active = 1 order by m.score, p.title, v.title limit @limit`),
      unranked: db.$client.prepare(`with m as (select rowid from catalog_search where catalog_search match @match limit @window)
        select ${ROW_COLUMNS} from m ${ROW_JOIN} where v.active = 1 and p.active = 1 order by p.title, v.title limit @limit`),
      exact: db.$client.prepare(`with m as (select k.id as rowid from variant_barcodes b join catalog_search_keys k on k.variant_id = b.variant_id where b.barcode = @code
          union select k.id from variants v2 join catalog_search_keys k on k.variant_id = v2.id where v2.sku in (@code, upper(@code)))
        select ${ROW_COLUMNS} from m ${ROW_JOIN} where v.active = 1 and p.active = 1 limit 5`),
      vocab: db.$client.prepare('select term from catalog_search_vocab where term >= ? and term < ? limit 20000'),
      hasPrefix: db.$client.prepare('select 1 from catalog_search_vocab where term >= ? and term < ? limit 1'),
    };
  });
}

/** The words of a query as the index tokenizes them (letters and digits, lower case, diacritics folded). */
export function queryWords(query: string): string[] {
  return (query.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
}

const quote = (word: string) => `"${word.replace(/"/g, '""')}"`;
/** A word as a prefix query; a single letter next to other words is taken whole (a size such as "m"), since a
 * one-letter prefix has no prefix index and would scan every term starting with it. */
const term = (word: string, all: readonly string[]) => (word.length === 1 && all.length > 1 ? quote(word) : `${quote(word)}*`);
const nextKey = (prefix: string) => prefix + '\u{10FFFF}';

/** Damerau–Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}

/** Index terms within one edit of the word, or of a prefix of the same length (the cashier is still typing). */
function nearTerms(s: Statements, word: string): string[] {
  const max = word.length >= 8 ? 2 : 1;
  const starts = new Set([word[0]!, word[1]!]);
  const found: string[] = [];
  for (const start of starts) {
    for (const { term } of s.vocab.iterate(start, nextKey(start)) as IterableIterator<{ term: string }>) {
      if (term.length < word.length - max) continue;
      if (editDistance(word, term, max) <= max || editDistance(word, term.slice(0, word.length), max) <= max) found.push(term);
      if (found.length >= 30) return found;
    }
  }
  return found;
}

/**
 * Searches by name, SKU or barcode. Every word matches as a prefix; all words must match. An exact barcode or SKU
 * comes first. Words with no match get their nearest spellings (one typo; two for long words) instead.
 */
export function searchCatalog(db: Db, query: string, options: SearchOptions): SearchResult {
  const limit = Math.min(Math.max(options.limit ?? 20, 1), MAX_LIMIT);
  const words = queryWords(query);
  const chars = words.reduce((n, w) => n + w.length, 0);
  if (chars < 2) return { items: [], corrected: false };
  const s = prepared(db);
  const params = { branchId: options.branchId, limit, window: limit * 4 };
  const withStock = options.branchId !== null;

  const seen = new Set<string>();
  const items: VariantView[] = [];
  const take = (rows: unknown[]) => {
    for (const row of rows as Parameters<typeof toView>[0][]) {
      if (items.length >= limit || seen.has(row.variantId)) continue;
      seen.add(row.variantId);
      items.push(toView(row, withStock));
    }
  };

  const trimmed = query.trim();
  if (words.length === 1 && trimmed.length >= 3) take(s.exact.all({ ...params, code: trimmed }));

  const statement = chars < RANK_MIN_CHARS ? s.unranked : s.ranked;
  take(statement.all({ ...params, match: words.map((w) => term(w, words)).join(' ') }));
  if (items.length > 0) return { items, corrected: false };

  // Nothing matched as typed: replace each word that matches nothing by its near spellings.
  let corrected = false;
  const groups = words.map((word) => {
    if (word.length < 4 || /^\d+$/.test(word) || s.hasPrefix.get(word, nextKey(word))) return term(word, words);
    const near = nearTerms(s, word);
    if (near.length === 0) return term(word, words);
    corrected = true;
    return `(${near.map(quote).join(' OR ')})`;
  });
  if (corrected) take(s.ranked.all({ ...params, match: groups.join(' AND ') }));
  return { items, corrected: corrected && items.length > 0 };
}
