// Catalogue import: locations, then one bulk query streamed line by line into the catalog and the branch's opening stock.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { Db } from '../../db/connection.ts';
import { preparedOnce } from '../../db/prepared.ts';
import { transaction, type Tx } from '../../db/transaction.ts';
import {
  beginShopifyImport, deactivateUnseenShopifyProducts, findVariantByShopifyId, upsertShopifyProduct, type ImportedVariant,
} from '../../domain/catalog/index.ts';
import { recordMovements } from '../../domain/inventory/index.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Id } from '../../shared/ids.ts';
import { parseMoney, type Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { requestPatiently, type ShopifyClient, type ShopifyResult } from './client.ts';
import type { BulkOperationStatusData, CatalogExportData, VariantsUpdatedSinceData } from './operations.generated.ts';
import { locationOfBranch, refreshLocations } from './locations.ts';
import { operation } from './operations.ts';

export interface ImportProgress {
  phase: 'locations' | 'waiting' | 'reading' | 'done';
  objectsRead: number;
  /** Shopify's object count for the export (known once the bulk operation completes). */
  objectsTotal: number | null;
  perSecond: number;
  etaSeconds: number | null;
}

export interface ImportSummary {
  objectsRead: number;
  products: number;
  variants: number;
  baselineMovements: number;
  deactivated: number;
  locationId: string | null;
}

export interface ImportDeps {
  db: Db;
  clock: Clock;
  client: ShopifyClient;
  branchId: Id<'Branch'>;
  currencyExponent: number;
  sleep?: (ms: number) => Promise<void>;
  pollMs?: number;
  /** Give up waiting for the bulk operation after this long (counted in polls). */
  maxWaitMs?: number;
  /** Most lines per transaction. */
  chunkSize?: number;
  /** What one transaction should take at most, its commit included (wall time, ms): it commits early to stay within it. */
  transactionBudgetMs?: number;
  /** Monotonic milliseconds that time-box the transactions (wall time, not business time); performance.now by default. */
  monotonicMs?: () => number;
  onProgress?: (p: ImportProgress) => void;
}

/** A variant as the incremental refresh reads it; bulk export lines carry the same fields and more. */
type VariantLine = VariantsUpdatedSinceData['productVariants']['nodes'][number];
type ExportVariant = CatalogExportData['productVariants']['edges'][number]['node'];
/** A bulk export line: a variant (its nested inventory levels come as their own lines), or a level naming its variant. */
type ExportVariantLine = Omit<ExportVariant, 'inventoryItem'> & { inventoryItem: Omit<ExportVariant['inventoryItem'], 'inventoryLevels'> };
type LevelLine = ExportVariant['inventoryItem']['inventoryLevels']['edges'][number]['node'] & { __parentId: string };

type BulkStatus = NonNullable<BulkOperationStatusData['bulkOperation']>;

/** A transaction applies lines for at least this long (ms), however slow the last commit was. */
const MIN_BODY_MS = 5;
/** Products looked at per deactivation transaction after an import. */
const DEACTIVATION_PAGE = 5000;

const TERMINAL_STATES = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);

/** Runs the whole import; safe to repeat (upserts by Shopify id; opening stock only for variants without a level yet). */
export async function importCatalog(deps: ImportDeps): Promise<Result<ImportSummary>> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const progress = (p: ImportProgress) => deps.onProgress?.(p);
  progress({ phase: 'locations', objectsRead: 0, objectsTotal: null, perSecond: 0, etaSeconds: null });
  const locations = await refreshLocations(deps.db, deps.client, () => deps.clock.now(), sleep);
  if (!locations.ok) return locations;
  const locationId = locationOfBranch(deps.db, deps.branchId);

  const exportStartedAt = deps.clock.now();
  const started = await requestPatiently(
    deps.client, 'BulkCatalogRun', { query: operation('CatalogExport') }, { sleep, onlyUnexecuted: true });
  if (!started.ok) return err('SHOPIFY_UNREACHABLE', `starting the export failed: ${started.failure.message}`);
  const run = started.data.bulkOperationRunQuery;
  if (!run?.bulkOperation) return err('SHOPIFY_IMPORT_FAILED', `Shopify refused the export: ${(run?.userErrors ?? []).map((e) => `${e.code ?? ''} ${e.message}`).join('; ')}`);
  const bulkOperationId = run.bulkOperation.id;

  let status: BulkStatus;
  const pollMs = deps.pollMs ?? 2000;
  const maxWaitMs = deps.maxWaitMs ?? 6 * 3600_000;
  for (let polls = 0; ; polls++) {
    if (polls * pollMs > maxWaitMs) return err('SHOPIFY_IMPORT_FAILED', `the export did not finish within ${Math.round(maxWaitMs / 60_000)} minutes`);
    progress({ phase: 'waiting', objectsRead: 0, objectsTotal: null, perSecond: 0, etaSeconds: null });
    const r: ShopifyResult<BulkOperationStatusData> = await deps.client.request('BulkOperationStatus', { id: bulkOperationId });
    if (r.ok && r.data.bulkOperation && TERMINAL_STATES.has(r.data.bulkOperation.status)) {
      status = r.data.bulkOperation;
      break;
    }
    if (!r.ok && !r.failure.retryable) return err('SHOPIFY_IMPORT_FAILED', `polling the export failed: ${r.failure.message}`);
    await sleep(r.ok ? pollMs : Math.max(pollMs, r.failure.retryAfterMs ?? 0));
  }
  if (status.status !== 'COMPLETED' || !status.url) {
    return err('SHOPIFY_IMPORT_FAILED', `the export ended ${status.status}${status.errorCode ? ` (${status.errorCode})` : ''}; nothing was deactivated`);
  }
  const total = Number(status.objectCount);
  const response = await deps.client.download(status.url);
  if (!response.ok || !response.body) return err('SHOPIFY_IMPORT_FAILED', `downloading the export failed: HTTP ${response.status}`);

  beginShopifyImport(deps.db);
  const summary: ImportSummary = { objectsRead: 0, products: 0, variants: 0, baselineMovements: 0, deactivated: 0, locationId };
  const seenProducts = new Set<string>();
  const startedAt = deps.clock.now();
  const chunkSize = deps.chunkSize ?? 500;
  const write = timeBoxedWriter(deps);
  let chunk: string[] = [];
  const flush = () => {
    const lines = chunk;
    chunk = [];
    write(lines, (tx, line) => applyLine(tx, line, deps, locationId, summary, seenProducts));
    const elapsed = Math.max(1, deps.clock.now() - startedAt) / 1000;
    const perSecond = summary.objectsRead / elapsed;
    progress({ phase: 'reading', objectsRead: summary.objectsRead, objectsTotal: total, perSecond, etaSeconds: perSecond > 0 ? Math.max(0, (total - summary.objectsRead) / perSecond) : null });
  };
  const lines = createInterface({ input: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    chunk.push(line);
    if (chunk.length >= chunkSize) flush();
  }
  flush();
  for (let after: number | null = 0; after !== null;) {
    const page = transaction(deps.db, (tx) => deactivateUnseenShopifyProducts(tx, deps.clock.now(), { after: after!, size: DEACTIVATION_PAGE }));
    summary.deactivated += page.deactivated;
    after = page.next;
  }
  transaction(deps.db, (tx) => {
    tx.db.$client.prepare(`insert into shopify_sync_state (key, value, updated_at) values ('catalog.importedAt', ?, ?)
      on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`).run(String(exportStartedAt), deps.clock.now());
  });
  progress({ phase: 'done', objectsRead: summary.objectsRead, objectsTotal: total, perSecond: 0, etaSeconds: 0 });
  return ok(summary);
}

/**
 * Writes items in time-boxed transactions: each stops taking items once its budget, less what the last commit took
 * (the commit writes the search index's new segment and syncs the WAL), has passed; the rest go into the next one.
 * So a slow disk or a busy core never holds the write lock long while the tills wait to record sales.
 */
function timeBoxedWriter(deps: Pick<ImportDeps, 'db' | 'transactionBudgetMs' | 'monotonicMs'>) {
  const budgetMs = deps.transactionBudgetMs ?? 30;
  const monotonicMs = deps.monotonicMs ?? (() => performance.now());
  let commitMs = 5;
  return <T>(items: readonly T[], apply: (tx: Tx, item: T) => void): void => {
    for (let next = 0; next < items.length;) {
      const opened = monotonicMs();
      const bodyBudgetMs = Math.max(MIN_BODY_MS, budgetMs - commitMs);
      let bodyEnded = opened;
      next = transaction(deps.db, (tx) => {
        let i = next;
        do apply(tx, items[i++]!);
        while (i < items.length && monotonicMs() - opened < bodyBudgetMs);
        bodyEnded = monotonicMs();
        return i;
      });
      const committedMs = monotonicMs() - bodyEnded;
      commitMs = committedMs > commitMs ? committedMs : commitMs * 0.8 + committedMs * 0.2;
    }
  };
}

function money(text: string | null, exponent: number): Money | null {
  if (text === null || text === undefined) return null;
  const r = parseMoney(text, exponent);
  return r.ok ? r.value : null;
}

function applyLine(tx: Tx, line: string, deps: ImportDeps, locationId: string | null, summary: ImportSummary, seenProducts: Set<string>): void {
  summary.objectsRead++;
  const obj = JSON.parse(line) as ExportVariantLine | LevelLine;
  const now = deps.clock.now();
  if ('__parentId' in obj) {
    // An inventory level of the variant named by __parentId; only the branch's own location sets its opening stock.
    if (!locationId || obj.location?.id !== locationId) return;
    const variantId = findVariantByShopifyId(tx.db, obj.__parentId);
    if (!variantId) return;
    const onHand = obj.quantities.find((q) => q.name === 'on_hand')?.quantity ?? obj.quantities.find((q) => q.name === 'available')?.quantity ?? 0;
    const existing = preparedOnce(tx.db, 'import.stockLevel', (db) => db.$client.prepare('select 1 from stock_levels where variant_id = ? and branch_id = ?')).get(variantId, deps.branchId);
    if (existing || onHand === 0) return;
    recordMovements(tx, [{ variantId, branchId: deps.branchId, delta: onHand, reason: 'import_baseline', documentType: 'shopify_import', documentId: obj.id }], now);
    summary.baselineMovements++;
    return;
  }
  const v = obj;
  upsertVariantLine(tx, v, deps.currencyExponent, now);
  if (!seenProducts.has(v.product.id)) { seenProducts.add(v.product.id); summary.products++; }
  summary.variants++;
}

/** Upserts one variant (with its product inline) as Shopify returns it in bulk lines and productVariants pages. */
function upsertVariantLine(tx: Tx, v: VariantLine, currencyExponent: number, now: number): void {
  const variant: ImportedVariant = {
    shopifyVariantId: v.id,
    shopifyInventoryItemId: v.inventoryItem?.tracked === false ? null : v.inventoryItem?.id ?? null,
    title: v.title,
    sku: v.sku ?? '',
    barcode: v.barcode && v.barcode.trim() !== '' ? v.barcode.trim() : null,
    price: money(v.price, currencyExponent) ?? (0 as Money),
    compareAtPrice: money(v.compareAtPrice, currencyExponent),
  };
  upsertShopifyProduct(tx, {
    shopifyProductId: v.product.id, title: v.product.title, vendor: v.product.vendor ?? '', productType: v.product.productType ?? '',
    active: v.product.status === 'ACTIVE',
  }, [variant], now);
}

const REFRESH_OVERLAP_MS = 60_000;

/**
 * Incremental refresh after the first import: variants changed since the last refresh (`updated_at:>'…'`), upserted page
 * by page. Deleted products arrive by the products/delete webhook or the next full import.
 */
export async function refreshCatalogSince(deps: Omit<ImportDeps, 'branchId' | 'onProgress' | 'chunkSize' | 'pollMs' | 'maxWaitMs'>): Promise<Result<{ variants: number }>> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const state = (key: string) => (deps.db.$client.prepare('select value from shopify_sync_state where key = ?').get(key) as { value: string } | undefined)?.value;
  const since = Number(state('catalog.refreshedAt') ?? state('catalog.importedAt'));
  if (!Number.isFinite(since)) return err('SHOPIFY_NOT_CONNECTED', 'import the catalogue before refreshing it');
  const startedAt = deps.clock.now();
  const query = `updated_at:>'${new Date(since - REFRESH_OVERLAP_MS).toISOString()}'`;
  const write = timeBoxedWriter(deps);
  let after: string | null = null;
  let count = 0;
  do {
    const r: ShopifyResult<VariantsUpdatedSinceData> = await requestPatiently(deps.client, 'VariantsUpdatedSince', { query, ...(after ? { after } : {}) }, { sleep });
    if (!r.ok) return err('SHOPIFY_UNREACHABLE', `refreshing the catalogue failed: ${r.failure.message}`);
    const page: VariantsUpdatedSinceData['productVariants'] = r.data.productVariants;
    write(page.nodes, (tx, v) => upsertVariantLine(tx, v, deps.currencyExponent, deps.clock.now()));
    count += page.nodes.length;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  transaction(deps.db, (tx) => {
    const set = tx.db.$client.prepare(`insert into shopify_sync_state (key, value, updated_at) values (?, ?, ?) on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`);
    set.run('catalog.refreshedAt', String(startedAt), deps.clock.now());
    set.run('catalog.refreshNeeded', '0', deps.clock.now());
  });
  return ok({ variants: count });
}
