// Operations commands for techs: backup, restore, health, doctor, logs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { CONFIG_HELP } from '../config.ts';
import { closeDatabase, openDatabase, type Db } from '../db/connection.ts';
import { databasePath } from '../data-dir.ts';
import { BACKUP_DIR, backupDatabase, restoreDatabase } from '../ops/backup.ts';
import { doctorDataDir, formatDoctorReport, runDoctor, systemProbes } from '../ops/doctor.ts';
import { createLinePrettifier, lastLines } from '../ops/logs.ts';
import { systemClock } from '../shared/clock.ts';
import { shopifyFetch } from '../sync/shopify/runtime.ts';
import { VERSION } from '../version.ts';
import { configFrom, configOption, dataDirOption, EXIT_CONFIG, EXIT_FAILED, type Flags } from './common.ts';

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** The box's own /healthz address from its configuration (a wildcard bind is asked on loopback). */
export function healthUrl(config: { host: string; port: number }): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}/healthz`;
}

/** Polls a /healthz address until it answers status ok, or the deadline passes. */
export async function waitHealthy(url: string, waitSeconds: number): Promise<{ ok: boolean; detail: string }> {
  const deadline = Date.now() + waitSeconds * 1000;
  let detail = 'no answer';
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const body = (await response.json()) as { status?: string; version?: string };
      if (response.ok && body.status === 'ok') return { ok: true, detail: `ok, version ${body.version ?? '?'}` };
      detail = `answered ${response.status} ${body.status ?? ''}`.trim();
    } catch (error) {
      detail = (error as Error).message;
    }
    if (Date.now() >= deadline) return { ok: false, detail };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** backup, restore, health, doctor, logs. */
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

  program.command('health')
    .description("ask the running box's /healthz; with --wait, keep asking until it answers ok (systemd start check)")
    .addOption(new Option('--wait <seconds>', 'keep trying this long').default('0'))
    .addOption(new Option('--url <url>', 'address to ask (default: from the port and host settings)'))
    .addOption(new Option('--port <port>', CONFIG_HELP.port))
    .addOption(new Option('--host <host>', CONFIG_HELP.host))
    .addOption(dataDirOption())
    .addOption(configOption())
    .action(async (flags: Flags & { wait: string; url?: string }) => {
      const { wait, url, ...rest } = flags;
      const seconds = Number(wait);
      if (!Number.isFinite(seconds) || seconds < 0) {
        console.error(`--wait must be a number of seconds, got "${wait}"`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      const target = url ?? healthUrl(configFrom(rest));
      const result = await waitHealthy(target, seconds);
      console.log(`${target}: ${result.ok ? '' : 'NOT HEALTHY: '}${result.detail}`);
      if (!result.ok) process.exitCode = EXIT_FAILED;
    });

  program.command('doctor')
    .description('check the box in plain words: service, disk space, database, clock, backups, printers, scanners, Shopify, sync outbox; exits 1 on any FAIL')
    .addOption(new Option('--emulator', 'check the Shopify connection against the in-process emulator (demo and tests)'))
    .addOption(dataDirOption())
    .addOption(configOption())
    .action(async (flags: Flags & { emulator?: boolean }) => {
      const { emulator, ...rest } = flags;
      const config = configFrom(rest);
      const fetchApi = shopifyFetch({ emulator: emulator === true || config.shopifyEmulator || config.demo, clock: systemClock });
      const { dataDir, hasDatabase } = doctorDataDir(config);
      let db: Db | null = null;
      let dbError: string | undefined;
      if (!hasDatabase) dbError = `no database in ${dataDir}`;
      else {
        try {
          db = openDatabase(databasePath(dataDir));
        } catch (error) {
          dbError = `cannot open the database: ${(error as Error).message}`;
        }
      }
      try {
        const findings = await runDoctor({ config, dataDir, clock: systemClock, db, ...(dbError ? { dbError } : {}), probes: systemProbes, ...(fetchApi ? { shopifyFetch: fetchApi } : {}) });
        console.log(`iSmartSync box doctor: version ${VERSION}, data folder ${dataDir}\n`);
        console.log(formatDoctorReport(findings));
        if (findings.some((f) => f.status === 'fail')) process.exitCode = EXIT_FAILED;
      } finally {
        if (db) closeDatabase(db);
      }
    });

  program.command('logs')
    .description("show the box's recent log lines, readable (from journald, or a JSON log file)")
    .addOption(new Option('-n, --lines <n>', 'how many lines').default('100'))
    .addOption(new Option('--file <file>', 'read this pino JSON log file instead of the journal'))
    .addOption(new Option('-f, --follow', 'keep printing new lines (journal only)'))
    .action(async (flags: { lines: string; file?: string; follow?: boolean }) => {
      const count = Number(flags.lines);
      if (!Number.isSafeInteger(count) || count < 1) {
        console.error(`--lines must be a whole number of 1 or more, got "${flags.lines}"`);
        process.exitCode = EXIT_CONFIG;
        return;
      }
      const pretty = createLinePrettifier(Boolean(process.stdout.isTTY));
      if (flags.file) {
        let text: string;
        try {
          text = readFileSync(flags.file, 'utf8');
        } catch (error) {
          console.error(`cannot read ${flags.file}: ${(error as Error).message}`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        for (const line of lastLines(text, count)) process.stdout.write(pretty(line));
        return;
      }
      const args = ['-u', 'ismartsync-box.service', '-o', 'cat', '-n', String(count), '--no-pager', ...(flags.follow ? ['-f'] : [])];
      const child = spawn('journalctl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let errors = '';
      child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
      let shown = 0;
      const reading = (async () => {
        for await (const line of createInterface({ input: child.stdout })) {
          process.stdout.write(pretty(line));
          shown += 1;
        }
      })();
      const code = await new Promise<number | null>((done) => {
        child.on('error', (error) => {
          errors += error.message;
          done(127);
        });
        child.on('close', done);
      });
      await reading;
      if (code === 0 && shown === 0) console.log('the journal holds no lines from ismartsync-box (is it installed and started? try --file FILE)');
      if (code !== 0) {
        console.error(`cannot read the journal (${errors.trim() || `journalctl exited ${code}`}); try: sudo ismartsync logs, or --file FILE`);
        process.exitCode = EXIT_FAILED;
      }
    });
}
