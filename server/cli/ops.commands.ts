// Operations commands for techs: backup, restore (doctor and logs join them).
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { databasePath } from '../data-dir.ts';
import { BACKUP_DIR, backupDatabase, restoreDatabase } from '../ops/backup.ts';
import { systemClock } from '../shared/clock.ts';
import { configFrom, configOption, dataDirOption, EXIT_FAILED, type Flags } from './common.ts';

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** backup, restore. */
export function registerOpsCommands(program: Command): void {
  program.command('backup')
    .description('back up the database while the box runs: online copy, integrity check, gzip, keep 7 daily and 4 weekly')
    .addOption(new Option('--out <dir>', 'folder for the backups (default: <data-dir>/backups)'))
    .addOption(new Option('--label <label>', 'tag in the file name, e.g. pre-upgrade-0.2.0'))
    .addOption(dataDirOption())
    .addOption(configOption())
    .action(async (flags: Flags & { out?: string; label?: string }) => {
      const { out, label, ...rest } = flags;
      const config = configFrom(rest);
      const result = await backupDatabase({
        databaseFile: databasePath(config.dataDir),
        outDir: out ?? join(resolve(config.dataDir), BACKUP_DIR),
        now: systemClock.now(),
        timeZone: config.timeZone,
        ...(label ? { label } : {}),
      });
      if (!result.ok) {
        console.error(`backup FAILED (${result.error.code}): ${result.error.message}`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      const r = result.value;
      console.log(`backup written: ${r.file}`);
      console.log(`  ${megabytes(r.databaseBytes)} database, ${megabytes(r.bytes)} compressed, integrity ok, sha256 ${r.sha256.slice(0, 16)}…`);
      console.log(`  keeping ${r.kept.length} backup(s)${r.removed.length ? `, removed ${r.removed.length} old: ${r.removed.join(', ')}` : ''}`);
    });

  program.command('restore')
    .description('replace the database with a backup (box must be stopped); the replaced database is kept aside')
    .argument('<file>', 'backup file (.sqlite.gz or .sqlite)')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action(async (file: string, flags: Flags) => {
      const config = configFrom(flags);
      const result = await restoreDatabase({ backupFile: resolve(file), dataDir: config.dataDir, now: systemClock.now() });
      if (!result.ok) {
        console.error(`restore REFUSED (${result.error.code}): ${result.error.message}`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      const r = result.value;
      console.log(`restored ${file} into ${r.databaseFile} (integrity ok, ${r.pages} pages)`);
      if (r.replacedFile) console.log(`  the previous database is kept as ${r.replacedFile}`);
      console.log('  start the box again: sudo systemctl start ismartsync-box');
    });
}
