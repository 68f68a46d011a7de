// The Shopify push worker: turns PENDING inventory_delta outbox rows into keyed inventoryAdjustQuantities calls, resent until Shopify answers.
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.ts';
import { transaction, type Tx } from '../../db/transaction.ts';
import type { Logger } from '../../logger.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId, type Id } from '../../shared/ids.ts';
import { LOCATION_GONE_CODE, locationGoneMessage } from './locations.ts';
import { isAmbiguous, type CostExtension, type ShopifyClient, type ShopifyFailure, type UserError } from './client.ts';
import type { InventoryAdjustQuantitiesInput, InventoryChangeInput, PushInventoryDeltaData, PushInventoryDeltaVariables } from './operations.generated.ts';

/** The outbox payload checkout writes for every sale (contracts.md). */
export interface InventoryDeltaPayload {
  reason: string;
  documentType: string;
  documentRef: string;
  branchId: string;
  changes: Array<{ variantId: string; delta: number }>;
}

/**
 * One change as the box sends it: the generated input narrowed to what deltas need. `changeFromQuantity` is always
 * present as an explicit null (Shopify refuses the call when the key is missing; deltas never compare).
 */
export interface PushChange extends InventoryChangeInput { changeFromQuantity: null; ledgerDocumentUri?: never }
/** The stored variables of a batch (the key is added at send time). */
export interface PushVariables extends Omit<PushInventoryDeltaVariables, 'key'> {
  input: InventoryAdjustQuantitiesInput & { name: 'available'; referenceDocumentUri: string; changes: PushChange[] };
}

type AdjustmentGroup = NonNullable<NonNullable<PushInventoryDeltaData['inventoryAdjustQuantities']>['inventoryAdjustmentGroup']>;

export interface PushOptions {
  /** Changes per call; Shopify's input arrays hold at most 250. */
  maxChanges?: number;
  /** Outbox rows read per pass. */
  formLimit?: number;
  /** Waits (pacing, backoff inside a pass); tests pass one that moves a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  /**
   * How long Shopify is assumed to remember an idempotency key (unverified upstream: "hours"). A batch whose first
   * ambiguous attempt is older than this is not resent blindly: it fails with KEY_RETENTION_EXPIRED so a person checks
   * the drift report first (a resend could apply twice).
   */
  keyRetentionMs?: number;
}

export interface PassSummary { formed: number; sent: number; synced: number; failed: number; retryLater: number; localOnly: number }

/** userError codes where the same request may be sent again (reference §1.2). */
const RETRYABLE_USER_ERRORS = new Set(['ADJUST_QUANTITIES_FAILED', 'SERVICE_UNAVAILABLE', 'IDEMPOTENCY_CONCURRENT_REQUEST']);
const MAX_BACKOFF_MS = 5 * 60_000;
const UNMAPPED_RETRY_MS = 60_000;
const MUTATION_COST = 10;

interface DueRow { id: string; payload: string; createdAt: number; documentType: string }
interface BatchRow { id: string; idempotency_key: string; variables: string; reference_document_uri: string; attempts: number; last_error_code: string | null; ambiguous_since: number | null }

function pascal(s: string): string {
  return s.replace(/(^|[_\-\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase());
}

/** `gid://ismartsync/Sale/LHR1-C2-000123`: names our document in Shopify's inventory history. */
export function documentUri(documentType: string, documentRef: string): string {
  return `gid://ismartsync/${pascal(documentType)}/${encodeURIComponent(documentRef)}`;
}

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
}

/** Client-side view of Shopify's leaky bucket, fed by every answer's extensions.cost.throttleStatus. */
export class CostPacer {
  private available = Number.POSITIVE_INFINITY;
  private maximum = Number.POSITIVE_INFINITY;
  private restoreRate = 50;
  private at = 0;
  constructor(private readonly clock: Clock) {}

  observe(cost: CostExtension | null | undefined): void {
    if (!cost) return;
    this.available = cost.throttleStatus.currentlyAvailable;
    this.maximum = cost.throttleStatus.maximumAvailable;
    this.restoreRate = cost.throttleStatus.restoreRate;
    this.at = this.clock.now();
  }

  /** Milliseconds to wait before spending `points`. */
  waitFor(points: number): number {
    if (!Number.isFinite(this.available)) return 0;
    const now = this.clock.now();
    const available = Math.min(this.maximum, this.available + ((now - this.at) / 1000) * this.restoreRate);
    return available >= points ? 0 : Math.ceil(((points - available) / this.restoreRate) * 1000);
  }

  spend(points: number): void {
    if (!Number.isFinite(this.available)) return;
    const now = this.clock.now();
    this.available = Math.min(this.maximum, this.available + ((now - this.at) / 1000) * this.restoreRate) - points;
    this.at = now;
  }
}

interface Statements {
  dueRows: Database.Statement;
  itemOfVariant: Database.Statement;
  locationOfBranch: Database.Statement;
}
const statements = new WeakMap<Database.Database, Statements>();
function prepared(db: Db): Statements {
  let s = statements.get(db.$client);
  if (!s) {
    s = {
      dueRows: db.$client.prepare(`select o.id, o.payload, o.created_at as createdAt, o.document_type as documentType from outbox o
        where o.target = 'shopify' and o.kind = 'inventory_delta' and o.status = 'PENDING' and o.next_attempt_at <= ?
          and not exists (select 1 from shopify_push_batch_rows r where r.outbox_id = o.id)
        order by o.created_at, o.id limit ?`),
      itemOfVariant: db.$client.prepare('select shopify_inventory_item_id as item from variants where id = ?'),
      locationOfBranch: db.$client.prepare(`select m.location_id as loc, l.name, l.is_active as isActive, l.deleted_at as deletedAt
        from shopify_branch_locations m left join shopify_locations l on l.id = m.location_id where m.branch_id = ?`),
    };
    statements.set(db.$client, s);
  }
  return s;
}

interface MappedLocation { loc: string; name: string | null; isActive: number | null; deletedAt: number | null }

function goneState(mapped: MappedLocation | undefined): 'deleted' | 'inactive' | null {
  if (!mapped || mapped.isActive === null) return null;
  return mapped.deletedAt !== null ? 'deleted' : mapped.isActive ? null : 'inactive';
}

interface OpenGroup { reason: string; rows: DueRow[]; refs: Array<{ documentType: string; documentRef: string }>; pairs: Map<string, PushChange> }

/**
 * Groups due rows into batches in one transaction: resolves variant → inventory item and branch → location now (frozen
 * in the batch), sums deltas per (item, location) across rows, and stores variables and a fresh idempotency key before
 * anything is sent. Rows with only local items are SYNCED with a note.
 */
export function formBatches(db: Db, now: number, options: { maxChanges?: number; limit?: number } = {}): { formed: number; localOnly: number } {
  const maxChanges = Math.min(250, options.maxChanges ?? 250);
  return transaction(db, (tx) => {
    const s = prepared(tx.db);
    const rows = s.dueRows.all(now, options.limit ?? 1000) as DueRow[];
    let formed = 0;
    let localOnly = 0;
    const groups = new Map<string, OpenGroup>();
    const flush = (g: OpenGroup) => {
      if (g.rows.length === 0) return;
      insertBatch(tx, g, now);
      formed++;
      g.rows = [];
      g.refs = [];
      g.pairs = new Map();
    };
    for (const row of rows) {
      const payload = JSON.parse(row.payload) as InventoryDeltaPayload;
      const mapped = s.locationOfBranch.get(payload.branchId) as MappedLocation | undefined;
      const location = mapped?.loc;
      if (!location) {
        tx.db.$client.prepare('update outbox set last_error = ?, next_attempt_at = ?, updated_at = ? where id = ?')
          .run('SHOPIFY_BRANCH_NOT_MAPPED: this branch is not mapped to a Shopify location yet', now + UNMAPPED_RETRY_MS, now, row.id);
        continue;
      }
      const gone = goneState(mapped);
      if (gone) {
        // Shopify would refuse it, and retrying cannot help: held as FAILED with the reason until the branch is mapped again.
        tx.db.$client.prepare(`update outbox set status = 'FAILED', last_error = ?, updated_at = ? where id = ?`)
          .run(`${LOCATION_GONE_CODE}: ${locationGoneMessage(mapped!.name ?? location, gone)}`, now, row.id);
        continue;
      }
      const pairs = new Map<string, PushChange>();
      const localVariants: string[] = [];
      for (const c of payload.changes) {
        const item = (s.itemOfVariant.get(c.variantId) as { item: string | null } | undefined)?.item;
        if (!item) { localVariants.push(c.variantId); continue; }
        const key = `${item}|${location}`;
        const p = pairs.get(key) ?? { inventoryItemId: item, locationId: location, delta: 0, changeFromQuantity: null };
        p.delta += c.delta;
        pairs.set(key, p);
      }
      if (localVariants.length > 0) {
        tx.db.$client.prepare('update outbox set result = ?, updated_at = ? where id = ?').run(JSON.stringify({ localOnlyVariantIds: localVariants }), now, row.id);
      }
      if (pairs.size === 0) {
        tx.db.$client.prepare(`update outbox set status = 'SYNCED', synced_at = ?, updated_at = ?, last_error = null, result = ? where id = ?`)
          .run(now, now, JSON.stringify({ note: 'local-only items: nothing to push to Shopify', localOnlyVariantIds: localVariants }), row.id);
        localOnly++;
        continue;
      }
      const ref = { documentType: payload.documentType, documentRef: payload.documentRef };
      let group = groups.get(payload.reason);
      if (!group) { group = { reason: payload.reason, rows: [], refs: [], pairs: new Map() }; groups.set(payload.reason, group); }
      const fresh = [...pairs.keys()].filter((k) => !group.pairs.has(k)).length;
      if (group.pairs.size + fresh > maxChanges) flush(group);
      if (pairs.size > maxChanges) {
        // One document with more changes than a call holds: its own batches, in chunks.
        const list = [...pairs.entries()];
        for (let i = 0; i < list.length; i += maxChanges) {
          flush({ reason: payload.reason, rows: [row], refs: [ref], pairs: new Map(list.slice(i, i + maxChanges)) });
        }
        continue;
      }
      group.rows.push(row);
      group.refs.push(ref);
      for (const [k, p] of pairs) {
        const existing = group.pairs.get(k);
        if (existing) existing.delta += p.delta;
        else group.pairs.set(k, { ...p });
      }
    }
    for (const g of groups.values()) flush(g);
    return { formed, localOnly };
  });
}

function insertBatch(tx: Tx, g: OpenGroup, now: number): void {
  const id = newId<'ShopifyPushBatch'>();
  const single = new Set(g.refs.map((r) => `${r.documentType}|${r.documentRef}`)).size === 1;
  const uri = single ? documentUri(g.refs[0]!.documentType, g.refs[0]!.documentRef) : `gid://ismartsync/PushBatch/${id}`;
  const changes = [...g.pairs.values()].filter((c) => c.delta !== 0);
  const rowIds = [...new Set(g.rows.map((r) => r.id))];
  if (changes.length === 0) {
    // Deltas that cancel out (a sale and its refund in the same batch): nothing to tell Shopify.
    for (const rowId of rowIds) {
      tx.db.$client.prepare(`update outbox set status = 'SYNCED', synced_at = ?, updated_at = ?, last_error = null, result = ? where id = ?`)
        .run(now, now, JSON.stringify({ note: 'deltas cancel out within the batch' }), rowId);
    }
    return;
  }
  const variables: PushVariables = { input: { name: 'available', reason: g.reason, referenceDocumentUri: uri, changes } };
  tx.db.$client.prepare(`insert into shopify_push_batches (id, idempotency_key, variables, reference_document_uri, status, attempts, next_attempt_at, created_at, updated_at)
    values (?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)`).run(id, newId(), JSON.stringify(variables), uri, now, now, now);
  const link = tx.db.$client.prepare('insert into shopify_push_batch_rows (batch_id, outbox_id) values (?, ?)');
  for (const rowId of rowIds) link.run(id, rowId);
}

/** Sends due batches in order until none is due, Shopify asks to wait, or the shop is unreachable. */
export class ShopifyPushWorker {
  private readonly pacer: CostPacer;
  private readonly sleep: (ms: number) => Promise<void>;
  private running: Promise<PassSummary> | null = null;

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly client: ShopifyClient, private readonly options: PushOptions = {}) {
    this.pacer = new CostPacer(clock);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** One pass: form batches from due rows, then send due batches. Concurrent calls share the running pass. */
  runPass(): Promise<PassSummary> {
    this.running ??= this.pass().finally(() => { this.running = null; });
    return this.running;
  }

  /** When the next batch or row is due (for the loop's timer), or null when nothing waits. */
  nextDueAt(): number | null {
    const c = this.db.$client;
    const b = c.prepare(`select min(next_attempt_at) as t from shopify_push_batches where status = 'PENDING'`).get() as { t: number | null };
    const o = c.prepare(`select min(o.next_attempt_at) as t from outbox o where o.target = 'shopify' and o.kind = 'inventory_delta' and o.status = 'PENDING'
      and not exists (select 1 from shopify_push_batch_rows r where r.outbox_id = o.id)`).get() as { t: number | null };
    const times = [b.t, o.t].filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  private async pass(): Promise<PassSummary> {
    const summary: PassSummary = { formed: 0, sent: 0, synced: 0, failed: 0, retryLater: 0, localOnly: 0 };
    const f = formBatches(this.db, this.clock.now(), { maxChanges: this.options.maxChanges ?? 250, limit: this.options.formLimit ?? 1000 });
    summary.formed = f.formed;
    summary.localOnly = f.localOnly;
    for (;;) {
      const batch = this.db.$client.prepare(`select id, idempotency_key, variables, reference_document_uri, attempts, last_error_code, ambiguous_since from shopify_push_batches
        where status = 'PENDING' and next_attempt_at <= ? order by created_at, id limit 1`).get(this.clock.now()) as BatchRow | undefined;
      if (!batch) break;
      const wait = this.pacer.waitFor(MUTATION_COST);
      if (wait > 0) await this.sleep(wait);
      summary.sent++;
      const outcome = await this.send(batch);
      if (outcome === 'synced') summary.synced++;
      else if (outcome === 'failed') summary.failed++;
      else if (outcome === 'later') { summary.retryLater++; break; }
    }
    return summary;
  }

  private async send(batch: BatchRow): Promise<'synced' | 'failed' | 'later' | 'again'> {
    const now = this.clock.now();
    const retention = this.options.keyRetentionMs ?? 12 * 3600_000;
    if (batch.ambiguous_since !== null && now - batch.ambiguous_since > retention) {
      return this.failBatch(batch, 'KEY_RETENTION_EXPIRED',
        `an attempt ${Math.round((now - batch.ambiguous_since) / 3600_000)} h ago may have reached Shopify, longer ago than Shopify keeps idempotency keys; check the drift report before retrying`);
    }
    const variables = JSON.parse(batch.variables) as PushVariables;
    if (batch.ambiguous_since === null) {
      // Never possibly applied: a batch for a location Shopify deleted or deactivated is not sent at all.
      const gone = this.goneLocationOf(variables);
      if (gone) return this.holdForLocation(batch, gone.locationId, locationGoneMessage(gone.name, gone.state));
    }
    this.db.$client.prepare('update shopify_push_batches set attempts = attempts + 1, updated_at = ? where id = ?').run(now, batch.id);
    this.pacer.spend(MUTATION_COST);
    const r = await this.client.request('PushInventoryDelta', { ...variables, key: batch.idempotency_key });
    this.pacer.observe(r.ok ? r.cost : r.failure.cost);
    if (!r.ok) return this.onFailure(batch, r.failure);
    const payload = r.data.inventoryAdjustQuantities;
    const userErrors = payload?.userErrors ?? [];
    if (userErrors.length > 0) return this.onUserErrors(batch, variables, userErrors);
    const group = payload?.inventoryAdjustmentGroup;
    if (!group) return this.failBatch(batch, 'SHOPIFY_REQUEST_FAILED', 'Shopify answered without an adjustment group');
    this.markSynced(batch, group);
    return 'synced';
  }

  private onFailure(batch: BatchRow, failure: ShopifyFailure): 'failed' | 'later' {
    const now = this.clock.now();
    const code = failure.code ?? (failure.kind === 'http' ? `HTTP_${failure.status}` : failure.kind.toUpperCase());
    if (failure.kind === 'auth') {
      this.retryLater(batch, 'SHOPIFY_AUTH_FAILED', failure.message, now + MAX_BACKOFF_MS);
      return 'later';
    }
    if (isAmbiguous(failure) && batch.ambiguous_since === null) {
      this.db.$client.prepare('update shopify_push_batches set ambiguous_since = ? where id = ? and ambiguous_since is null').run(now, batch.id);
    }
    if (failure.retryable) {
      const wait = failure.retryAfterMs ?? backoffMs(batch.attempts + 1);
      this.retryLater(batch, code, failure.message, now + Math.max(wait, failure.kind === 'throttled' ? wait : 1));
      this.options.logger?.warn({ batchId: batch.id, code, waitMs: wait }, 'Shopify push will be resent with the same key');
      return 'later';
    }
    return this.failBatch(batch, code, failure.message);
  }

  private async onUserErrors(batch: BatchRow, variables: PushVariables, userErrors: UserError[]): Promise<'failed' | 'later' | 'again'> {
    const codes = userErrors.map((e) => e.code ?? 'USER_ERROR');
    const message = userErrors.map((e) => `${e.message}${e.field?.length ? ` (${e.field.join('.')})` : ''}`).join('; ');
    if (codes.every((c) => c === 'INVALID_LOCATION') && batch.last_error_code !== 'INVALID_LOCATION') {
      // Not stocked at the location: activate the item there, then resend. Shopify answered, so nothing was applied;
      // the answer is bound to the old key, so the resend gets a fresh one, stored before it goes out.
      for (const e of userErrors) {
        const index = Number(e.field?.[2]);
        const change = variables.input.changes[index];
        if (!change) continue;
        const activated = await this.client.request('InventoryActivate', {
          inventoryItemId: change.inventoryItemId, locationId: change.locationId, key: `${batch.idempotency_key}:activate:${index}`,
        });
        if (!activated.ok) return this.onFailure(batch, activated.failure);
        const ue = activated.data.inventoryActivate?.userErrors ?? [];
        if (ue.some((x) => x.field?.includes('locationId'))) {
          // The location itself is refused (deleted or deactivated in Shopify): resending cannot help until the branch is mapped again.
          const known = this.goneLocationOf({ input: { ...variables.input, changes: [change] } });
          return this.holdForLocation(batch, change.locationId, known
            ? locationGoneMessage(known.name, known.state)
            : `Shopify refused the location ${change.locationId} (${ue.map((x) => x.message).join('; ')}); refresh the locations and map the branch to an active one on the Shopify screen`);
        }
        if (ue.length > 0) return this.failBatch(batch, 'INVALID_LOCATION', `inventoryActivate failed: ${ue.map((x) => x.message).join('; ')}`);
      }
      this.db.$client.prepare(`update shopify_push_batches set idempotency_key = ?, last_error = ?, last_error_code = 'INVALID_LOCATION', next_attempt_at = ?, updated_at = ? where id = ?`)
        .run(newId(), `activated at the location after: ${message}`, this.clock.now(), this.clock.now(), batch.id);
      return 'again';
    }
    if (codes.every((c) => RETRYABLE_USER_ERRORS.has(c))) {
      this.retryLater(batch, codes[0]!, message, this.clock.now() + backoffMs(batch.attempts + 1));
      return 'later';
    }
    const isolated = this.isolateRefusedRows(batch, variables, userErrors, codes.find((c) => !RETRYABLE_USER_ERRORS.has(c)) ?? codes[0]!, message);
    if (isolated) return isolated;
    return this.failBatch(batch, codes.find((c) => !RETRYABLE_USER_ERRORS.has(c)) ?? codes[0]!, message);
  }

  /**
   * One refused item must not fail every document coalesced with it. Shopify answered, so nothing was applied: the
   * documents touching the refused items keep this batch (narrowed to their own changes) and fail; the others go back
   * to be batched again under a new key.
   */
  private isolateRefusedRows(batch: BatchRow, variables: PushVariables, userErrors: UserError[], code: string, message: string): 'failed' | null {
    const badItems = new Set(userErrors.map((e) => variables.input.changes[Number(e.field?.[2])]?.inventoryItemId).filter((x): x is string => !!x));
    if (badItems.size === 0) return null;
    const c = this.db.$client;
    const rows = c.prepare(`select o.id, o.payload from outbox o join shopify_push_batch_rows r on r.outbox_id = o.id where r.batch_id = ?`).all(batch.id) as Array<{ id: string; payload: string }>;
    if (rows.length < 2) return null;
    const itemOf = c.prepare('select shopify_inventory_item_id as item from variants where id = ?');
    const locationOf = c.prepare('select location_id as loc from shopify_branch_locations where branch_id = ?');
    const pairsOf = (payload: string) => {
      const p = JSON.parse(payload) as InventoryDeltaPayload;
      const location = (locationOf.get(p.branchId) as { loc: string } | undefined)?.loc ?? '';
      return p.changes
        .map((ch) => ({ item: (itemOf.get(ch.variantId) as { item: string | null } | undefined)?.item ?? null, location, delta: ch.delta }))
        .filter((x): x is { item: string; location: string; delta: number } => x.item !== null);
    };
    const bad = rows.filter((r) => pairsOf(r.payload).some((p) => badItems.has(p.item)));
    const good = rows.filter((r) => !bad.includes(r));
    if (bad.length === 0 || good.length === 0) return null;
    const narrowed = new Map<string, PushChange>();
    for (const r of bad) {
      for (const p of pairsOf(r.payload)) {
        const key = `${p.item}|${p.location}`;
        const change = narrowed.get(key) ?? { inventoryItemId: p.item, locationId: p.location, delta: 0, changeFromQuantity: null };
        change.delta += p.delta;
        narrowed.set(key, change);
      }
    }
    const changes = [...narrowed.values()].filter((ch) => ch.delta !== 0);
    const now = this.clock.now();
    transaction(this.db, (tx) => {
      const t = tx.db.$client;
      t.prepare('update shopify_push_batches set variables = ?, idempotency_key = ?, updated_at = ? where id = ?')
        .run(JSON.stringify({ input: { ...variables.input, changes } }), newId(), now, batch.id);
      for (const r of good) {
        t.prepare('delete from shopify_push_batch_rows where batch_id = ? and outbox_id = ?').run(batch.id, r.id);
        t.prepare('update outbox set next_attempt_at = ?, updated_at = ? where id = ?').run(now, now, r.id);
      }
    });
    return this.failBatch(batch, code, message);
  }

  /** The first location of the batch the local list knows as deleted or deactivated, if any. */
  private goneLocationOf(variables: PushVariables): { locationId: string; name: string; state: 'deleted' | 'inactive' } | null {
    const look = this.db.$client.prepare('select id as loc, name, is_active as isActive, deleted_at as deletedAt from shopify_locations where id = ?');
    for (const locationId of new Set(variables.input.changes.map((c) => c.locationId))) {
      const row = look.get(locationId) as MappedLocation | undefined;
      const state = goneState(row);
      if (row && state) return { locationId, name: row.name ?? locationId, state };
    }
    return null;
  }

  /**
   * Dissolves a batch Shopify did not apply because its location is gone: rows of branches still mapped to that location
   * are FAILED with the reason (mapping the branch again sends them, re-batched, to the new location); any other rows go
   * back to be batched again. Never retried as is, so no endless INVALID_LOCATION loop.
   */
  private holdForLocation(batch: BatchRow, locationId: string, message: string): 'failed' {
    const now = this.clock.now();
    const reason = `${LOCATION_GONE_CODE}: ${message}`;
    transaction(this.db, (tx) => {
      const c = tx.db.$client;
      const rows = c.prepare(`select o.id, o.payload from outbox o join shopify_push_batch_rows r on r.outbox_id = o.id where r.batch_id = ?`).all(batch.id) as Array<{ id: string; payload: string }>;
      const mappedTo = c.prepare('select location_id as loc from shopify_branch_locations where branch_id = ?');
      c.prepare('delete from shopify_push_batch_rows where batch_id = ?').run(batch.id);
      c.prepare(`update shopify_push_batches set status = 'FAILED', last_error = ?, last_error_code = ?, updated_at = ? where id = ?`).run(reason, LOCATION_GONE_CODE, now, batch.id);
      for (const row of rows) {
        const branchId = (JSON.parse(row.payload) as InventoryDeltaPayload).branchId;
        const current = (mappedTo.get(branchId) as { loc: string } | undefined)?.loc;
        if (current === undefined || current === locationId) {
          c.prepare(`update outbox set status = 'FAILED', attempts = attempts + 1, last_error = ?, updated_at = ? where id = ?`).run(reason, now, row.id);
        } else {
          c.prepare('update outbox set next_attempt_at = ?, updated_at = ? where id = ?').run(now, now, row.id);
        }
      }
    });
    this.options.logger?.warn({ batchId: batch.id, locationId }, 'Shopify push held: the location is gone');
    return 'failed';
  }

  private retryLater(batch: BatchRow, code: string, message: string, at: number): void {
    const now = this.clock.now();
    transaction(this.db, (tx) => {
      tx.db.$client.prepare('update shopify_push_batches set last_error = ?, last_error_code = ?, next_attempt_at = ?, updated_at = ? where id = ?')
        .run(`${code}: ${message}`, code, at, now, batch.id);
      tx.db.$client.prepare(`update outbox set attempts = attempts + 1, last_error = ?, updated_at = ?
        where id in (select outbox_id from shopify_push_batch_rows where batch_id = ?)`).run(`${code}: ${message} (will retry)`, now, batch.id);
    });
  }

  private failBatch(batch: BatchRow, code: string, message: string): 'failed' {
    const now = this.clock.now();
    transaction(this.db, (tx) => {
      tx.db.$client.prepare(`update shopify_push_batches set status = 'FAILED', last_error = ?, last_error_code = ?, updated_at = ? where id = ?`)
        .run(`${code}: ${message}`, code, now, batch.id);
      tx.db.$client.prepare(`update outbox set status = 'FAILED', attempts = attempts + 1, last_error = ?, updated_at = ?
        where id in (select outbox_id from shopify_push_batch_rows where batch_id = ?)`).run(`${code}: ${message}`, now, batch.id);
    });
    this.options.logger?.error({ batchId: batch.id, code }, 'Shopify push failed for good');
    return 'failed';
  }

  private markSynced(batch: BatchRow, group: AdjustmentGroup): void {
    const now = this.clock.now();
    const result = group.changes.filter((c) => c.name === 'available')
      .map((c) => ({ inventoryItemId: c.item?.id ?? null, locationId: c.location?.id ?? null, delta: c.delta, quantityAfterChange: c.quantityAfterChange }));
    transaction(this.db, (tx) => {
      const c = tx.db.$client;
      c.prepare(`update shopify_push_batches set status = 'SYNCED', adjustment_group_id = ?, result = ?, last_error = null, last_error_code = null, synced_at = ?, updated_at = ? where id = ?`)
        .run(group.id, JSON.stringify(result), now, now, batch.id);
      const rows = c.prepare('select outbox_id as id from shopify_push_batch_rows where batch_id = ?').all(batch.id) as Array<{ id: string }>;
      for (const row of rows) {
        const open = c.prepare(`select count(*) as n from shopify_push_batch_rows r join shopify_push_batches b on b.id = r.batch_id
          where r.outbox_id = ? and b.status <> 'SYNCED'`).get(row.id) as { n: number };
        if (open.n > 0) continue;
        const groups = c.prepare(`select b.adjustment_group_id as id from shopify_push_batch_rows r join shopify_push_batches b on b.id = r.batch_id where r.outbox_id = ?`)
          .all(row.id) as Array<{ id: string }>;
        const prior = (c.prepare('select result from outbox where id = ?').get(row.id) as { result: string | null }).result;
        const merged = { ...(prior ? JSON.parse(prior) as object : {}), adjustmentGroupIds: groups.map((g) => g.id), quantities: result };
        c.prepare(`update outbox set status = 'SYNCED', synced_at = ?, updated_at = ?, last_error = null, result = ? where id = ?`).run(now, now, JSON.stringify(merged), row.id);
      }
    });
  }
}

/** Re-queues a FAILED document's push: same variables and key, or a fresh key when the old one is spent (PREVIOUS_ATTEMPT_FAILED or a definitive refusal). */
export function requeueFailedBatches(tx: Tx, outboxId: Id<'Outbox'> | string, now: number): { batches: number; freshKeys: number } {
  const c = tx.db.$client;
  const batches = c.prepare(`select b.id, b.last_error_code as code from shopify_push_batch_rows r join shopify_push_batches b on b.id = r.batch_id
    where r.outbox_id = ? and b.status = 'FAILED'`).all(outboxId) as Array<{ id: string; code: string | null }>;
  let freshKeys = 0;
  for (const b of batches) {
    // A key whose attempt failed, or whose answer was a refusal, replays that answer forever: those need a new key.
    const spent = b.code !== null && (b.code === 'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED' || b.code === 'KEY_RETENTION_EXPIRED' || b.code.startsWith('INVALID_') || b.code.startsWith('NON_MUTABLE'));
    if (spent) freshKeys++;
    c.prepare(`update shopify_push_batches set status = 'PENDING', ambiguous_since = null, next_attempt_at = ?, updated_at = ?${spent ? ', idempotency_key = ?' : ''} where id = ?`)
      .run(...(spent ? [now, now, newId(), b.id] : [now, now, b.id]));
    c.prepare(`update outbox set status = 'PENDING', next_attempt_at = ?, updated_at = ? where id in (select outbox_id from shopify_push_batch_rows where batch_id = ?)`).run(now, now, b.id);
  }
  if (batches.length === 0) {
    c.prepare(`update outbox set status = 'PENDING', next_attempt_at = ?, updated_at = ? where id = ? and status = 'FAILED'`).run(now, now, outboxId);
  }
  return { batches: batches.length, freshKeys };
}
