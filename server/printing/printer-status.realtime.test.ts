// The running box tells terminals when a printer's state changes (`printer:status-changed` over socket.io).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, expect, it } from 'vitest';
import { closeDatabase } from '../db/connection.ts';
import { registerPrinter } from '../domain/printing/index.ts';
import { silentLogger } from '../logger.ts';
import { prepareDatabase, startBox, type RunningBox } from '../main.ts';
import type { PrinterStatusEvent, ServerToClientEvents } from '../realtime/events.ts';
import { systemClock } from '../shared/clock.ts';
import { newId } from '../shared/ids.ts';
import { unwrap } from '../shared/result.ts';
import { aBranch, aConfig } from '../test/builders.ts';
import { aPairedDevice } from '../test/staff-builders.ts';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/virtual-printer/virtual-printer.ts';

let box: RunningBox | undefined;
let printer: VirtualPrinter | undefined;
let socket: Socket<ServerToClientEvents> | undefined;
let dir: string | undefined;
afterEach(async () => {
  socket?.disconnect();
  await box?.close();
  await printer?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('pushes "paper out" to the terminals, then "ready" once paper is loaded', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'box-printer-'));
  printer = await startVirtualPrinter({ state: { paper: 'out' } });
  const config = aConfig({ dataDir: dir, port: 0, host: '127.0.0.1' });
  const db = prepareDatabase(config, silentLogger, systemClock);
  const registered = unwrap(registerPrinter(db, { id: newId<'Printer'>(), name: 'Printer 1', address: printer.url }, Date.now()));
  aBranch(db);
  const counter = aPairedDevice(db, systemClock, 'C1'); // only paired counters may open a socket
  closeDatabase(db);

  box = await startBox(config, { logger: silentLogger, terminalDir: dir });
  socket = connect(box.url, { transports: ['websocket'], extraHeaders: { cookie: counter.cookie } });
  const seen: PrinterStatusEvent[] = [];
  const waitFor = (state: string) =>
    new Promise<PrinterStatusEvent>((resolve) => {
      const check = () => {
        const found = seen.find((status) => status.state === state);
        if (found) resolve(found);
      };
      socket!.on('printer:status-changed', (status) => {
        seen.push(status);
        check();
      });
      check();
    });
  const paperOut = waitFor('paper-out');
  // the box may have reported before this socket connected: the worker's current status is there too
  const current = box.printWorker.statuses().find((status) => status.state === 'paper-out');
  expect(current ?? (await paperOut)).toMatchObject({ printerId: registered.id, state: 'paper-out', message: 'paper out' });
  const ready = waitFor('ready');
  printer.setState({ paper: 'ok' });
  expect(await ready).toMatchObject({ printerId: registered.id, state: 'ready' });
});
