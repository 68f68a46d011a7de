// The box's own commands: serve, migrate, seed-demo, check.
import { Option, type Command } from 'commander';
import { CONFIG_HELP } from '../config.ts';
import { runChecks } from '../checks.ts';
import { closeDatabase, openDatabase } from '../db/connection.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { databasePath, DataDirError, ensureDataDir } from '../data-dir.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { describeDemoStaff } from '../demo/demo-staff.ts';
import { startBox } from '../main.ts';
import { systemClock } from '../shared/clock.ts';
import { configFrom, configOption, dataDirOption, EXIT_CONFIG, EXIT_FAILED, withExistingDatabase, withMigratedDatabase, type Flags } from './common.ts';

/** serve, migrate, seed-demo, check. */
export function registerBoxCommands(program: Command): void {
  program.command('serve')
    .description('run the box: HTTP API, terminal and realtime on one port')
    .addOption(new Option('--port <port>', CONFIG_HELP.port))
    .addOption(new Option('--host <host>', CONFIG_HELP.host))
    .addOption(dataDirOption())
    .addOption(new Option('--demo', CONFIG_HELP.demo))
    .addOption(new Option('--demo-variants <n>', CONFIG_HELP.demoVariants))
    .addOption(new Option('--log-level <level>', CONFIG_HELP.logLevel))
    .addOption(configOption())
    .action(async (flags: Flags) => {
      const box = await startBox(configFrom(flags));
      const stop = (signal: string) => {
        box.deps.logger.info({ signal }, 'stopping');
        // Every commit is already durable (WAL, synchronous=FULL): a stop that hangs must not keep the box from restarting.
        setTimeout(() => {
          box.deps.logger.warn('stop took longer than 10 s; exiting anyway');
          process.exit(0);
        }, 10_000).unref();
        void box.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });

  program.command('migrate')
    .description('apply pending database migrations (the box also does this at start)')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags) => {
      const config = configFrom(flags);
      const db = openDatabase(databasePath(ensureDataDir(config.dataDir)));
      try {
        const applied = migrateDatabase(db);
        console.log(applied === 0 ? 'database is up to date' : `applied ${applied} migration(s)`);
      } finally {
        closeDatabase(db);
      }
    });

  program.command('seed-demo')
    .description('fill an empty database with the demo branch, counters and catalog')
    .addOption(new Option('--variants <n>', 'number of catalog variants').default('5000'))
    .addOption(new Option('--counters <n>', 'number of counters of the demo branch').default('3'))
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags & { variants: string; counters: string }) => {
      const { variants, counters, ...rest } = flags;
      const count = Number(variants);
      const counterCount = Number(counters);
      if (!Number.isSafeInteger(counterCount) || counterCount < 1 || counterCount > 99) {
        console.error(`--counters must be a whole number from 1 to 99, got "${counters}"`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) {
        console.error(`--variants must be a whole number from 1 to 1,000,000, got "${variants}"`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      const config = configFrom({ ...rest, demo: true });
      const summary = withMigratedDatabase(config, (db) => seedDemo(db, config, systemClock, { variants: count, counters: counterCount }));
      console.log(`seeded ${summary.branch.name} (${summary.branch.code}): ${summary.products} products, ${summary.variants} variants in ${(summary.ms / 1000).toFixed(1)} s`);
      console.log(`demo staff (staff code + PIN):\n  ${describeDemoStaff().join('\n  ')}`);
    });

  program.command('check')
    .description('prove the database is sound: integrity, foreign keys, stock ledger; exits 1 on any problem')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags) => {
      const config = configFrom(flags);
      let results;
      try {
        results = withExistingDatabase(config, runChecks);
      } catch (error) {
        if (error instanceof DataDirError) throw error;
        results = [{ name: 'open database', ok: false, detail: (error as Error).message }];
      }
      for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}: ${r.detail}`);
      const failed = results.filter((r) => !r.ok).length;
      console.log(failed === 0 ? 'all checks passed' : `${failed} check(s) failed`);
      if (failed > 0) process.exitCode = EXIT_FAILED;
    });

}

