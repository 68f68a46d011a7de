// Shopify commands: connect, locations, map, push, status (and import, added by the import module).
import { Option, type Command } from 'commander';
import type { Config } from '../config.ts';
import { findBranch } from '../domain/branch/index.ts';
import { systemClock } from '../shared/clock.ts';
import type { Id } from '../shared/ids.ts';
import {
  activeUninstall, buildDriftReport, connectShopify, connectedClient, ensureWebhookSubscriptions, listLocations, mapBranchToLocation, refreshLocations, removeConnection, shopifyFetch, ShopifyPushWorker,
} from '../sync/shopify/index.ts';
import { importCatalog, type ImportProgress } from '../sync/shopify/import.ts';
import { configFrom, configOption, dataDirOption, EXIT_FAILED, openExisting, withMigratedDatabase, type Flags } from './common.ts';
import { ensureDataDir, databasePath } from '../data-dir.ts';
import { closeDatabase, openDatabase, type Db } from '../db/connection.ts';
import { migrateDatabase } from '../db/migrate.ts';

const emulatorOption = () => new Option('--emulator', 'talk to the in-process Shopify emulator instead of Shopify (demo and tests)');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function fail(message: string): void {
  console.error(message);
  process.exitCode = EXIT_FAILED;
}

/** shopify connect | disconnect | locations | map | push | status */
/** The configuration and the saved Shopify connection a command works with; prints the failure and gives null when not connected. */
function connectedCommand(flags: Flags & { emulator?: boolean }): { config: Config; client: NonNullable<ReturnType<typeof connectedClient>> } | null {
  const { emulator, ...rest } = flags;
  const config = configFrom(rest);
  const client = connectedClient({ dataDir: ensureDataDir(config.dataDir), emulator: emulator === true, clock: systemClock });
  if (!client) {
    fail('SHOPIFY_NOT_CONNECTED: run `shopify connect` first');
    return null;
  }
  return { config, client };
}

type Connected = NonNullable<ReturnType<typeof connectedCommand>> & { db: Db };

/**
 * Runs `work` with the saved connection and the data folder's database (`migrate`: created and migrated if needed;
 * otherwise it must exist), closing the database afterwards, also when the work fails.
 */
async function withConnectedDatabase(flags: Flags & { emulator?: boolean }, migrate: boolean, work: (c: Connected) => Promise<void> | void): Promise<void> {
  const connected = connectedCommand(flags);
  if (!connected) return;
  const db = migrate ? openDatabase(databasePath(ensureDataDir(connected.config.dataDir))) : openExisting(connected.config);
  try {
    if (migrate) migrateDatabase(db);
    await work({ ...connected, db });
  } finally {
    closeDatabase(db);
  }
}

export function registerShopifyCommands(program: Command): void {
  const shopify = program.command('shopify').description('connect the box to Shopify and sync stock');

  shopify.command('connect')
    .description('check a shop domain and Admin API access token with Shopify, then save them (file mode 0600, never in the database)')
    .requiredOption('--shop <domain>', 'the shop, e.g. my-shop.myshopify.com')
    .requiredOption('--token <token>', 'Admin API access token of the custom app (shpat_…)')
    .addOption(emulatorOption()).addOption(dataDirOption()).addOption(configOption())
    .action(async (flags: Flags & { shop: string; token: string; emulator?: boolean }) => {
      const { shop, token, emulator, ...rest } = flags;
      const config = configFrom(rest);
      const dataDir = ensureDataDir(config.dataDir);
      const r = await connectShopify({ dataDir, shop, token, now: systemClock.now() }, shopifyFetch({ emulator: emulator === true, clock: systemClock }));
      if (!r.ok) return fail(`${r.error.code}: ${r.error.message}. Nothing was changed.`);
      console.log(`connected to ${r.value.shopName} (${r.value.shopDomain})`);
    });

  shopify.command('disconnect')
    .description('forget the saved Shopify connection')
    .addOption(dataDirOption()).addOption(configOption())
    .action((flags: Flags) => {
      removeConnection(ensureDataDir(configFrom(flags).dataDir));
      console.log('disconnected from Shopify');
    });

  shopify.command('locations')
    .description("read the shop's locations and list them with the branch mapped to each")
    .addOption(emulatorOption()).addOption(dataDirOption()).addOption(configOption())
    .action((flags: Flags & { emulator?: boolean }) => withConnectedDatabase(flags, true, async ({ db, client }) => {
      const r = await refreshLocations(db, client, () => systemClock.now());
      if (!r.ok) return fail(`${r.error.code}: ${r.error.message}`);
      for (const l of listLocations(db, { includeDeleted: true })) console.log(`${l.deleted ? 'deleted ' : l.isActive ? 'active  ' : 'inactive'}  ${l.id}  ${l.name}`);
    }));

  shopify.command('map')
    .description("map this box's branch to a Shopify location (by id or exact name); several branches may share one")
    .requiredOption('--location <idOrName>', 'location id (gid://shopify/Location/…) or name')
    .addOption(dataDirOption()).addOption(configOption())
    .action((flags: Flags & { location: string }) => {
      const { location, ...rest } = flags;
      withMigratedDatabase(configFrom(rest), (db) => {
        const branch = findBranch(db);
        if (!branch) return fail('this box has no branch yet');
        const match = listLocations(db).find((l) => l.id === location || l.name === location);
        const r = mapBranchToLocation(db, branch.id as Id<'Branch'>, match?.id ?? location, systemClock.now());
        if (!r.ok) return fail(`${r.error.code}: ${r.error.message}`);
        console.log(`${branch.name} (${branch.code}) → ${match?.name ?? location}`);
      });
    });

  shopify.command('import')
    .description("import the shop's locations, products, variants, barcodes, prices and this branch's opening stock (bulk export)")
    .addOption(emulatorOption()).addOption(dataDirOption()).addOption(configOption())
    .action((flags: Flags & { emulator?: boolean }) => withConnectedDatabase(flags, true, async ({ db, client, config }) => {
      const branch = findBranch(db);
      if (!branch) return fail('this box has no branch yet');
      const r = await importCatalog({
        db, clock: systemClock, client, branchId: branch.id as Id<'Branch'>, currencyExponent: config.currencyExponent,
        onProgress: (p) => process.stderr.write(`\r${renderProgress(p)}`),
      });
      process.stderr.write('\n');
      if (!r.ok) return fail(`${r.error.code}: ${r.error.message}`);
      const v = r.value;
      console.log(`imported ${v.products} products, ${v.variants} variants; opening stock for ${v.baselineMovements} variant(s)${v.locationId ? '' : ' (no location mapped: run `shopify map` and import again for stock)'}; ${v.deactivated} vanished product(s) deactivated`);
    }));

  shopify.command('drift')
    .description("compare Shopify's stock at this branch's location with the box's expectation and list the differences")
    .addOption(emulatorOption()).addOption(dataDirOption()).addOption(configOption())
    .action((flags: Flags & { emulator?: boolean }) => withConnectedDatabase(flags, false, async ({ db, client }) => {
      const branch = findBranch(db);
      if (!branch) return fail('this box has no branch yet');
      const r = await buildDriftReport(db, client, branch.id, sleep);
      if (!r.ok) return fail(`${r.error.code}: ${r.error.message}`);
      for (const l of r.value.lines) console.log(`${l.sku.padEnd(20)} expected ${l.expectedOnHand}, Shopify ${l.shopifyOnHand ?? '—'} (${l.difference ?? 'n/a'}): ${l.likelyCause}`);
      console.log(`${r.value.checked} item(s) checked, ${r.value.lines.length} difference(s)`);
    }));

  shopify.command('webhooks')
    .description('subscribe a public HTTPS address of this box to the webhook topics it handles (boxes behind NAT poll instead)')
    .requiredOption('--url <url>', 'https://<public host>/webhooks/shopify')
    .addOption(emulatorOption()).addOption(dataDirOption()).addOption(configOption())
    .action(async (flags: Flags & { url: string; emulator?: boolean }) => {
      const { url, ...connectionFlags } = flags;
      const connected = connectedCommand(connectionFlags);
      if (!connected) return;
      const { client } = connected;
      const r = await ensureWebhookSubscriptions(client, url, sleep);
      if (!r.ok) return fail(`${r.error.code}: ${r.error.message}`);
      console.log(`${r.value.created} subscription(s) created, ${r.value.existing} already there`);
    });

  shopify.command('push')
    .description('send pending stock changes to Shopify now (the box does this by itself while running)')
    .addOption(emulatorOption()).addOption(dataDirOption()).addOption(configOption())
    .action((flags: Flags & { emulator?: boolean }) => withConnectedDatabase(flags, false, async ({ db, client, config }) => {
      const uninstalled = activeUninstall(db, { dataDir: config.dataDir, emulator: flags.emulator === true });
      if (uninstalled) return fail(`SHOPIFY_APP_UNINSTALLED: the app was uninstalled from ${uninstalled.shopDomain}; nothing was sent (rows stay PENDING). Reconnect with \`shopify connect\` and a new token.`);
      const s = await new ShopifyPushWorker(db, systemClock, client).runPass();
      console.log(`sent ${s.sent} call(s): ${s.synced} synced, ${s.failed} failed, ${s.retryLater} to retry later; ${s.localOnly} local-only document(s)`);
    }));
}

/** One console line: a bar, objects read of the total, rate and ETA. */
export function renderProgress(p: ImportProgress, width = 30): string {
  if (p.phase === 'locations') return 'reading locations…'.padEnd(80);
  if (p.phase === 'waiting') return 'waiting for Shopify to prepare the export…'.padEnd(80);
  const fraction = p.objectsTotal ? Math.min(1, p.objectsRead / p.objectsTotal) : 0;
  const filled = Math.round(fraction * width);
  const eta = p.etaSeconds === null ? '?' : `${Math.ceil(p.etaSeconds)} s`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${p.objectsRead.toLocaleString('en')}/${(p.objectsTotal ?? 0).toLocaleString('en')} objects · ${Math.round(p.perSecond).toLocaleString('en')}/s · ETA ${eta}`.padEnd(80);
}
