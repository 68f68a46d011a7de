// CLI for techs: list the box's devices, assign a scanner by its /dev node, and unknown devices fail with DEVICE_NOT_FOUND.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../db/connection.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { databasePath } from '../data-dir.ts';
import { findHardware, recordDiscovery } from '../domain/hardware/index.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch } from '../test/builders.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dataDir: string | undefined;
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BOX_')));
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args, '--data-dir', dataDir!], { cwd: root, env, timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err });
    });
  });
}

it('lists devices, assigns one by its node, and refuses an unknown device without changing anything', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'devices-cli-'));
  let db = openDatabase(databasePath(dataDir));
  migrateDatabase(db);
  aBranch(db);
  const [scanner] = recordDiscovery(db, [{ kind: 'scanner', path: '/dev/hidraw3', model: 'Honeywell 1950g', ieee1284Id: null, usb: null }], Date.now()).connected;
  closeDatabase(db);

  const listed = await cli('devices', 'list');
  expect(listed.out).toContain('NOT ASSIGNED (scans dropped)');
  const assigned = await cli('devices', 'assign', '/dev/hidraw3', 'C2');
  expect([assigned.code, assigned.err]).toEqual([0, '']);
  expect(assigned.out).toContain('Counter 2');
  const unknown = await cli('devices', 'rename', '/dev/hidraw9', 'Till 9');
  expect([unknown.code, unknown.err.trim()]).toEqual([1, 'DEVICE_NOT_FOUND: No such device on this box']);

  db = openDatabase(databasePath(dataDir));
  try {
    expect(unwrap(findHardware(db, scanner!.id))).toMatchObject({ name: 'Honeywell 1950g', counterName: 'Counter 2' });
    expect(db.$client.prepare("select action, details from audit_log where action like 'hardware.%'").all()).toHaveLength(1);
  } finally {
    closeDatabase(db);
  }
});
