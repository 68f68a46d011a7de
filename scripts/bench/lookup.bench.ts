// lookup / search: barcode lookup and search-as-you-type over a large catalog, in the service and over HTTP,
// against raw FTS5 queries of the same shape and the same server's /healthz rate.
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../../server/db/connection.ts';
import { loadConfig } from '../../server/config.ts';
import { findBranch } from '../../server/domain/branch/index.ts';
import { lookupBarcode, scaleSettings, searchCatalog } from '../../server/domain/catalog/index.ts';
import { spawnBox } from '../../server/test/box-process.ts';
import { runLoad } from './http-load.ts';
import { round, summarize, type Benchmark, type BenchResult } from './harness.ts';
import { pairDevices, seededDataDir } from './seeded.ts';

/** Query shapes the budget names: prefix, multi-word, one typo; with the raw FTS5 expression of the same shape. */
const QUERIES: Array<{ shape: string; q: string; fts: string }> = [
  { shape: 'prefix', q: 'kur', fts: 'kur*' },
  { shape: 'prefix', q: 'lawn ku', fts: 'lawn* ku*' },
  { shape: 'multi-word', q: 'lahore loom kurta 00', fts: 'lahore* loom* kurta* 00*' },
  { shape: 'one-typo', q: 'dupata', fts: 'dupatta*' },
  { shape: 'one-typo', q: 'peshawri chappal', fts: 'peshawari* chappal*' },
];

function time(fn: () => void, n: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

export const lookup: Benchmark = {
  name: 'lookup',
  async run(ctx) {
    const variants = ctx.quick ? 100_000 : 200_000;
    const dataDir = seededDataDir(ctx, variants);
    const results: BenchResult[] = [];
    const db = openDatabase(join(dataDir, 'box.sqlite'));
    const branchId = findBranch(db)!.id;
    const barcodes = (db.$client.prepare('select barcode from variant_barcodes order by random() limit 2000').all() as Array<{ barcode: string }>).map((r) => r.barcode);
    const scale = scaleSettings(loadConfig({ env: {} }));
    const rounds = ctx.quick ? 100 : 300;

    let i = 0;
    const lookups = time(() => void lookupBarcode(db, barcodes[i++ % barcodes.length]!, scale, branchId), 2000);
    results.push({ name: 'lookup.barcode-service', unit: 'ms', ...summarize(lookups), value: summarize(lookups).p99, baseline: null, ratio: null });

    // The raw FTS5 query of the same shape does the FTS5 work the search itself must do: match the same expression and
    // rank the matches by bm25 (the budget asks for ranking from 3 characters on), capped as the service caps it
    // (bm25 over the first 3,000 matches, best 80 = 4 × the page of 20). An unranked `match … limit 80` only reads
    // the first 80 rowids in index order: no search can answer "best matches first" with that, so it is also shown,
    // for reference, but is not the baseline.
    const rawFts = db.$client.prepare(`with c as (select rowid, bm25(catalog_search, 10.0, 6.0, 6.0, 1.0) as score from catalog_search
      where catalog_search match ? limit 3000) select rowid from c order by score limit 80`);
    const rawUnranked = db.$client.prepare('select rowid from catalog_search where catalog_search match ? limit 80');
    for (const shape of ['prefix', 'multi-word', 'one-typo']) {
      const queries = QUERIES.filter((q) => q.shape === shape);
      let k = 0;
      const service = time(() => void searchCatalog(db, queries[k++ % queries.length]!.q, { branchId, limit: 20 }), rounds);
      let r = 0;
      const raw = time(() => void rawFts.all(queries[r++ % queries.length]!.fts), rounds);
      let u = 0;
      const unranked = summarize(time(() => void rawUnranked.all(queries[u++ % queries.length]!.fts), rounds));
      const s = summarize(service);
      const b = summarize(raw);
      ctx.log(`${shape}: service p99 ${s.p99} ms, raw ranked FTS5 p99 ${b.p99} ms, raw unranked (first 80 rowids) p99 ${unranked.p99} ms`);
      const ratio = round(s.p99 / Math.max(b.p99, 0.001), 2);
      results.push({ name: `search.${shape}-service`, unit: 'ms p99', value: s.p99, baseline: b.p99, ratio, p50: s.p50, p99: s.p99, n: s.n, budget: '≤ 3× raw FTS5 p99 and ≤ 20 ms', withinBudget: s.p99 <= 20 && ratio <= 3 });
    }
    closeDatabase(db);

    // Over HTTP: lookups per second against /healthz per second on the same box, 8 clients each.
    const [credential] = pairDevices(dataDir, 1);
    const box = await spawnBox(dataDir);
    const headers = { cookie: `box_device=${credential}` };
    const seconds = ctx.quick ? 3 : 6;
    const health = await runLoad(box.url, 8, seconds, () => ({ path: '/healthz' }));
    let j = 0;
    const http = await runLoad(box.url, 8, seconds, () => ({ path: `/api/v1/catalog/lookup?barcode=${barcodes[j++ % barcodes.length]}`, headers }));
    const lookupRatio = round(http.perSecond / health.perSecond, 3);
    results.push({ name: 'lookup.barcode-http', unit: 'req/s', value: round(http.perSecond, 1), baseline: round(health.perSecond, 1), ratio: lookupRatio, ...summarize(http.latenciesMs), budget: '≥ 40 % of /healthz req/s', withinBudget: lookupRatio >= 0.4 && http.errors === 0 });
    let q = 0;
    const search = await runLoad(box.url, 1, seconds, () => ({ path: `/api/v1/catalog/search?q=${encodeURIComponent(QUERIES[q++ % QUERIES.length]!.q)}`, headers }));
    results.push({ name: 'search.http', unit: 'ms p99', value: summarize(search.latenciesMs).p99, baseline: null, ratio: null, ...summarize(search.latenciesMs) });
    await box.stop();
    return results;
  },
};
