// A manager starts the catalogue import from the terminal; the box runs it in the background and reports progress.
import { describe, expect, it, vi } from 'vitest';
import type { Actor, Permission } from '../../domain/staff/index.ts';
import type { Id } from '../../shared/ids.ts';
import { systemClock } from '../../shared/clock.ts';
import { silentLogger } from '../../logger.ts';
import { aBranch, aConfig } from '../../test/builders.ts';
import { testDb } from '../../test/db.ts';
import { importJobState, startImportJob } from './import.job.ts';
import { mapBranchToLocation, saveLocations } from './locations.ts';
import { processEmulator } from './runtime.ts';

const actor = (branchId: Id<'Branch'>, permissions: Permission[]): Actor => ({
  kind: 'staff', staffId: 'staff-1' as Id<'Staff'>, name: 'Manager', roleId: 'manager', permissions: new Set(permissions), maxDiscountBps: 0, branchId, counterId: null, deviceId: null,
});

describe('catalogue import job', () => {
  it('needs manage_settings, runs in the background and ends with a summary', async () => {
    const db = testDb();
    const branch = aBranch(db);
    const emu = processEmulator(systemClock);
    const loc = emu.store.addLocation({ name: 'Lahore' });
    emu.store.addProduct({ title: 'Kurta', variants: [{ sku: 'K-1', barcode: '2000000000091', price: '2500.00', levels: { [loc.id]: 3 } }] });
    saveLocations(db, [{ id: loc.id, legacyResourceId: loc.legacyResourceId, name: loc.name, isActive: true }], 0);
    mapBranchToLocation(db, branch.id, loc.id, 0);
    const deps = { db, clock: systemClock, logger: silentLogger, config: aConfig({ shopifyEmulator: true }) };
    const denied = startImportJob(deps, actor(branch.id, ['sell']));
    expect(!denied.ok && denied.error.code).toBe('PERMISSION_DENIED');
    const started = startImportJob(deps, actor(branch.id, ['manage_settings']));
    expect(started.ok && started.value.running).toBe(true);
    await vi.waitFor(() => expect(importJobState(db).running).toBe(false), { timeout: 20_000, interval: 100 });
    expect(importJobState(db)).toMatchObject({ error: null, summary: { variants: 1, baselineMovements: 1 }, progress: { phase: 'done' } });
    emu.dispose();
  });
});
