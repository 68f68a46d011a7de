// One catalogue import at a time in the running box, started by a manager; its progress is read by the terminal.
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connection.ts';
import { can, type Actor } from '../../domain/staff/index.ts';
import type { Logger } from '../../logger.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AppError } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { importCatalog, type ImportProgress, type ImportSummary } from './import.ts';
import { activeUninstall, connectedClient, processEmulator } from './runtime.ts';
import { createShopifyClient } from './client.ts';

export interface ImportJobState {
  running: boolean;
  startedAt: number | null;
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  error: AppError | null;
}

const jobs = new WeakMap<Db, ImportJobState>();

export function importJobState(db: Db): ImportJobState {
  return jobs.get(db) ?? { running: false, startedAt: null, progress: null, summary: null, error: null };
}

/** Starts the import in the background for the actor's branch (`manage_settings`); a second start while one runs is refused. */
export function startImportJob(deps: { db: Db; clock: Clock; config: Config; logger: Logger }, actor: Actor): Result<ImportJobState> {
  if (!can(actor, 'manage_settings')) return err('PERMISSION_DENIED', 'importing the catalogue needs the manage_settings permission', { permission: 'manage_settings' });
  if (importJobState(deps.db).running) return ok(importJobState(deps.db));
  const emulated = deps.config.shopifyEmulator || deps.config.demo;
  const client = emulated
    ? (() => { const emu = processEmulator(deps.clock); return createShopifyClient({ connection: { shopDomain: emu.shopDomain, accessToken: emu.accessToken }, fetch: emu.fetch }); })()
    : connectedClient({ dataDir: deps.config.dataDir, clock: deps.clock, logger: deps.logger });
  if (!client) return err('SHOPIFY_NOT_CONNECTED', 'connect the box to Shopify first');
  const uninstalled = activeUninstall(deps.db, { dataDir: deps.config.dataDir, emulator: emulated });
  if (uninstalled) return err('SHOPIFY_APP_UNINSTALLED', `the iSmartSync app was uninstalled from ${uninstalled.shopDomain}; reconnect the shop with a new access token first`);
  const state: ImportJobState = { running: true, startedAt: deps.clock.now(), progress: null, summary: null, error: null };
  jobs.set(deps.db, state);
  void importCatalog({
    db: deps.db, clock: deps.clock, client, branchId: actor.branchId, currencyExponent: deps.config.currencyExponent,
    onProgress: (p) => { state.progress = p; },
  }).then((r) => {
    if (r.ok) state.summary = r.value;
    else state.error = r.error;
  }, (error: unknown) => {
    deps.logger.error({ err: error }, 'Shopify import crashed');
    state.error = { code: 'SHOPIFY_IMPORT_FAILED', message: (error as Error).message };
  }).finally(() => { state.running = false; });
  return ok(state);
}
