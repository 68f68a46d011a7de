// The `ismartsync` command (`npm run cli -- <command>`): serve, migrate, seed-demo, check.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { ConfigError, CONFIG_HELP, loadConfig, type Config } from './config.ts';
import { runChecks } from './checks.ts';
import { closeDatabase, openDatabase, type Db } from './db/connection.ts';
import { migrateDatabase } from './db/migrate.ts';
import { databasePath, DataDirError, ensureDataDir } from './data-dir.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { startBox } from './main.ts';
import { systemClock } from './shared/clock.ts';
import { VERSION } from './version.ts';

/** Exit codes: 0 ok, 1 a check or command failed, 2 bad configuration or unusable data folder. */
const EXIT_FAILED = 1;
const EXIT_CONFIG = 2;

type Flags = Record<string, unknown> & { config?: string };

function configFrom(flags: Flags): Config {
  const { config: configFile, ...rest } = flags;
  return loadConfig({ flags: rest, ...(configFile ? { configFile } : {}) });
}

/** Opens the data folder's database without creating one where none exists. */
function openExisting(config: Config): Db {
  const file = databasePath(ensureDataDir(config.dataDir));
  if (!existsSync(file)) throw new DataDirError(config.dataDir, new Error(`no database at ${file}; start the box or run migrate first`));
  return openDatabase(file);
}

const dataDirOption = () => new Option('--data-dir <dir>', CONFIG_HELP.dataDir);
const configOption = () => new Option('--config <file>', 'JSON config file (also BOX_CONFIG)');

export function buildProgram(): Command {
  const program = new Command('ismartsync')
    .description('iSmartSync branch box: the per-branch POS server')
    .version(VERSION)
    .showHelpAfterError();

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
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags & { variants: string }) => {
      const { variants, ...rest } = flags;
      const count = Number(variants);
      if (!Number.isSafeInteger(count) || count < 1 || count > 1_000_000) {
        console.error(`--variants must be a whole number from 1 to 1,000,000, got "${variants}"`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      const config = configFrom({ ...rest, demo: true });
      const db = openDatabase(databasePath(ensureDataDir(config.dataDir)));
      try {
        migrateDatabase(db);
        const summary = seedDemo(db, config, systemClock, { variants: count });
        console.log(`seeded ${summary.branch.name} (${summary.branch.code}): ${summary.products} products, ${summary.variants} variants in ${(summary.ms / 1000).toFixed(1)} s`);
      } finally {
        closeDatabase(db);
      }
    });

  program.command('check')
    .description('prove the database is sound: integrity, foreign keys, stock ledger; exits 1 on any problem')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags) => {
      const config = configFrom(flags);
      let results;
      try {
        const db = openExisting(config);
        try {
          results = runChecks(db);
        } finally {
          closeDatabase(db);
        }
      } catch (error) {
        if (error instanceof DataDirError) throw error;
        results = [{ name: 'open database', ok: false, detail: (error as Error).message }];
      }
      for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name}: ${r.detail}`);
      const failed = results.filter((r) => !r.ok).length;
      console.log(failed === 0 ? 'all checks passed' : `${failed} check(s) failed`);
      if (failed > 0) process.exitCode = EXIT_FAILED;
    });

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirError) {
      console.error(error.message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await runCli(process.argv);
}
