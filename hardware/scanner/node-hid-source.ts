// ScannerSource over node-hid (loaded lazily: its prebuild needs libusb-1.0 at run time), falling back to plain hidraw.
import { HidPosAssembler, type Scan } from './hid-pos.ts';
import { HidrawScannerSource, type ScannerSource } from './scanner-source.ts';

/** The part of node-hid this adapter uses (typed here so nothing imports node-hid statically). */
export interface NodeHidModule {
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<NodeHidDevice> };
  getHidapiVersion(): string;
}

export interface NodeHidDevice {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  close(): Promise<void>;
}

export type NodeHidLoad = { ok: true; hid: NodeHidModule; version: string } | { ok: false; reason: string };

/** The specifier is a variable so type checking and bundling never require the optional package to be installed. */
const NODE_HID = 'node-hid';
const importNodeHid = (): Promise<unknown> => import(NODE_HID);

/**
 * Imports node-hid and loads its native binding (the binding is what needs libusb-1.0 and libudev). Never throws: a box
 * without libusb, or without the optional package, gets `{ ok: false, reason }` and reads /dev/hidrawN with fs instead.
 */
export async function loadNodeHid(importer: () => Promise<unknown> = importNodeHid): Promise<NodeHidLoad> {
  try {
    const imported = (await importer()) as NodeHidModule & { default?: NodeHidModule };
    const hid = typeof imported.getHidapiVersion === 'function' ? imported : imported.default;
    if (!hid || typeof hid.getHidapiVersion !== 'function') return { ok: false, reason: 'node-hid has no getHidapiVersion export' };
    const version = hid.getHidapiVersion(); // loads the native binding: this is where a missing libusb shows
    return { ok: true, hid, version };
  } catch (error) {
    return { ok: false, reason: (error as Error).message.split('\n')[0] ?? String(error) };
  }
}

/** Reads HID POS reports through node-hid's hidraw backend (one report per `data` event, report id first). */
export class NodeHidScannerSource implements ScannerSource {
  #device: NodeHidDevice | undefined;
  #opening: Promise<void> | undefined;
  #stopped = false;

  constructor(readonly id: string, private readonly hid: NodeHidModule) {}

  start(onScan: (scan: Scan) => void, onError: (error: Error) => void = () => undefined): void {
    if (this.#opening) return;
    this.#stopped = false;
    const assembler = new HidPosAssembler();
    this.#opening = this.hid.HIDAsync.open(this.id).then((device) => {
      if (this.#stopped) {
        void device.close().catch(() => undefined);
        return;
      }
      this.#device = device;
      device.on('data', (data) => {
        const scan = assembler.push(data);
        if (scan) onScan(scan);
      });
      device.on('error', (error) => onError(error));
    }, (error: unknown) => onError(error instanceof Error ? error : new Error(String(error))));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#opening;
    this.#opening = undefined;
    const device = this.#device;
    this.#device = undefined;
    await device?.close().catch(() => undefined);
  }
}

/** Makes the source for a scanner node: node-hid when it loaded, else the fs hidraw reader. */
export function scannerSourceFactory(load: NodeHidLoad): (devicePath: string) => ScannerSource {
  return load.ok ? (devicePath) => new NodeHidScannerSource(devicePath, load.hid) : (devicePath) => new HidrawScannerSource(devicePath);
}
