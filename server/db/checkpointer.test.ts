import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from './connection.ts';
import { startCheckpointer } from './checkpointer.ts';

describe('background checkpointer', () => {
  it('keeps the WAL checkpointed while the box connection never checkpoints on its own', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'box.sqlite'));
    db.$client.exec('create table t (v text)');
    const checkpointer = startCheckpointer(db, { intervalMs: 20 });
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.$client.prepare('insert into t (v) values (?)');
    for (let i = 0; i < 3000; i++) insert.run('x'.repeat(200));
    await expect.poll(() => checkpointer.stats.checkpointedFrames, { timeout: 5000 }).toBeGreaterThan(0);
    await checkpointer.stop();
    expect(checkpointer.stats.checkpointedFrames).toBe(checkpointer.stats.walFrames); // all frames in the file once idle
    closeDatabase(db);
  });
});
