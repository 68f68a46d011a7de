// Staff, pairing and API token commands: staff add/list, pair-code, token create/list/revoke.
import { Option, type Command } from 'commander';
import type { Config } from '../config.ts';
import { closeDatabase, openDatabase, type Db } from '../db/connection.ts';
import { databasePath, ensureDataDir } from '../data-dir.ts';
import { addStaff, BUILT_IN_ROLE_IDS, listStaff } from '../domain/staff/index.ts';
import { systemClock } from '../shared/clock.ts';
import { configFrom, configOption, dataDirOption, EXIT_FAILED, openExisting, type Flags } from './common.ts';
import { migrateDatabase } from '../db/migrate.ts';

/** staff add, staff list. */
export function registerStaffCommands(program: Command): void {
  const group = program.command('staff').description('staff members who sign in on the counters');

  group.command('add')
    .description('add a staff member (use it to create the first manager on a new box)')
    .requiredOption('--name <name>', 'full name as shown on the counter')
    .addOption(new Option('--role <role>', `role: ${BUILT_IN_ROLE_IDS.join(', ')} or a custom role id`).makeOptionMandatory())
    .requiredOption('--pin <pin>', 'PIN of 4 to 8 digits')
    .option('--code <code>', 'staff code typed at sign-in (default: the next free number from 1001)')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action(async (flags: Flags & { name: string; role: string; pin: string; code?: string }) => {
      const { name, role, pin, code, ...rest } = flags;
      const config = configFrom(rest);
      const result = await withMigratedDatabaseAsync(config, (db) => addStaff(db, null, { name, roleId: role, pin, ...(code ? { code } : {}) }, systemClock));
      if (!result.ok) {
        console.error(`${result.error.code}: ${result.error.message}`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      console.log(`added ${result.value.name} (${result.value.roleName}) with staff code ${result.value.code}`);
    });

  group.command('list')
    .description('list staff members with their codes and roles')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags) => {
      const db = openExisting(configFrom(flags));
      try {
        for (const s of listStaff(db, systemClock.now())) {
          console.log(`${s.code.padEnd(8)} ${s.name.padEnd(30)} ${s.roleName.padEnd(12)} ${s.active ? 'active' : 'inactive'}${s.lockedUntil ? ' LOCKED' : ''}`);
        }
      } finally {
        closeDatabase(db);
      }
    });
}

/** Like withMigratedDatabase, for work that awaits (PIN hashing) before its transaction. */
export async function withMigratedDatabaseAsync<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(databasePath(ensureDataDir(config.dataDir)));
  try {
    migrateDatabase(db);
    return await work(db);
  } finally {
    closeDatabase(db);
  }
}
