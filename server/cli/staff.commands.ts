// Staff, pairing and API token commands: staff add/list, pair-code, token create/list/revoke.
import { Option, type Command } from 'commander';
import type { Config } from '../config.ts';
import { closeDatabase, openDatabase, type Db } from '../db/connection.ts';
import { databasePath, ensureDataDir } from '../data-dir.ts';
import {
  addStaff, BUILT_IN_ROLE_IDS, createApiToken, createPairingCode, listApiTokens, listStaff, revokeApiToken,
} from '../domain/staff/index.ts';
import { systemClock } from '../shared/clock.ts';
import { configFrom, configOption, dataDirOption, EXIT_FAILED, withExistingDatabase, type Flags } from './common.ts';
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
      withExistingDatabase(configFrom(flags), (db) => {
        for (const s of listStaff(db, systemClock.now())) {
          console.log(`${s.code.padEnd(8)} ${s.name.padEnd(30)} ${s.roleName.padEnd(12)} ${s.active ? 'active' : 'inactive'}${s.lockedUntil ? ' LOCKED' : ''}`);
        }
      });
    });
}

/** pair-code --counter <code or name>: a code a tech types into a kiosk. */
export function registerPairingCommands(program: Command): void {
  program.command('pair-code')
    .description('print a single-use pairing code (valid 10 minutes) for a counter')
    .requiredOption('--counter <counter>', 'counter code (C1) or name (Counter 1)')
    .option('--display', 'pair a customer display for the counter (shows its cart; cannot sign in or sell)')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags & { counter: string; display?: boolean }) => {
      const { counter, display, ...rest } = flags;
      withExistingDatabase(configFrom(rest), (db) => {
        const result = createPairingCode(db, null, counter, systemClock, undefined, display ? 'display' : 'counter');
        if (!result.ok) {
          console.error(`${result.error.code}: ${result.error.message}`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        const minutes = Math.round((result.value.expiresAt - systemClock.now()) / 60_000);
        console.log(`${display ? 'customer display ' : ''}pairing code for ${result.value.counter.name} (${result.value.counter.code}): ${result.value.code}`);
        console.log(display
          ? `valid ${minutes} minutes, single use; open /display/${result.value.counter.code} on the display and type it`
          : `valid ${minutes} minutes, single use; enter it on the kiosk's pairing page or open /pair?code=${result.value.code}`);
      });
    });
}

/** token create/list/revoke: bearer tokens for integrations and scripts. */
export function registerTokenCommands(program: Command): void {
  const group = program.command('token').description('API tokens for integrations and scripts (Authorization: Bearer …)');
  group.command('create')
    .description('create a token and print it once (only its hash is kept)')
    .requiredOption('--name <name>', 'what the token is for, e.g. "accounting export"')
    .requiredOption('--role <role>', `role whose permissions the token has: ${BUILT_IN_ROLE_IDS.join(', ')} or a custom role id`)
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags & { name: string; role: string }) => {
      const { name, role, ...rest } = flags;
      withExistingDatabase(configFrom(rest), (db) => {
        const result = createApiToken(db, { name, roleId: role }, systemClock);
        if (!result.ok) {
          console.error(`${result.error.code}: ${result.error.message}`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        console.log(result.value.token);
        console.error(`token "${name}" (${role}) created; copy it now, it is not shown again. Revoke with: token revoke ${result.value.listing.prefix}`);
      });
    });
  group.command('list')
    .description('list tokens (never the tokens themselves)')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags) => {
      withExistingDatabase(configFrom(flags), (db) => {
        for (const t of listApiTokens(db)) {
          console.log(`${t.prefix}…  ${t.name.padEnd(30)} ${t.roleId.padEnd(12)} ${t.revokedAt ? 'revoked' : 'active'}  last used ${t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : 'never'}  id ${t.id}`);
        }
      });
    });
  group.command('revoke')
    .description('revoke a token by id, prefix or name')
    .argument('<token>', 'id, prefix (as listed) or name')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((ref: string, flags: Flags) => {
      withExistingDatabase(configFrom(flags), (db) => {
        const result = revokeApiToken(db, ref, systemClock);
        if (!result.ok) {
          console.error(`${result.error.code}: ${result.error.message}`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        console.log(`revoked ${result.value.name} (${result.value.prefix}…)`);
      });
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
