// The box's hardware at run time: discovery at boot and on hot-plug into the registry, and a reader per plugged-in scanner.
import { watchDevices, type DeviceChange, type WatchOptions } from '../../hardware/devices/device-watch.ts';
import type { DiscoveredDevice } from '../../hardware/devices/device-discovery.ts';
import { loadNodeHid, scannerSourceFactory, type NodeHidLoad } from '../../hardware/scanner/node-hid-source.ts';
import type { ScannerSource } from '../../hardware/scanner/scanner-source.ts';
import { connectedDevices, recordDeviceActivity, recordDiscovery, type HardwareEffects, type SeenDevice } from '../domain/hardware/index.ts';
import { routeBoxScan, type ScanOutcome, type ScanRouterDeps } from './scan-router.ts';

/** A discovered node as the registry sees it. */
export function seenDeviceOf(device: DiscoveredDevice): SeenDevice {
  const usb = device.usb ? { vendorId: device.usb.vendorId, productId: device.usb.productId, serial: device.usb.serial, port: device.usb.port, interfaceNumber: device.usb.interfaceNumber } : null;
  switch (device.kind) {
    case 'usb-printer': {
      const model = [device.manufacturer, device.model].filter(Boolean).join(' ') || device.usb?.product || null;
      return { kind: 'printer', path: device.path, model, ieee1284Id: device.ieee1284Id, usb };
    }
    case 'hid-scanner':
      return { kind: 'scanner', path: device.path, model: device.name ?? device.usb?.product ?? null, ieee1284Id: null, usb };
    case 'serial':
      return { kind: 'serial', path: device.path, model: device.usb?.product ?? null, ieee1284Id: null, usb };
  }
}

export interface HardwareRuntimeOptions extends Omit<ScanRouterDeps, 'hardwareEffects'> {
  hardwareEffects: HardwareEffects;
  watch?: WatchOptions;
  /** Stand-in for watchDevices (tests). */
  watchDevices?: typeof watchDevices;
  /** Devices that exist without sysfs (demo mode's virtual scanner) with their readers, added to every scan. */
  virtualDevices?: Array<{ device: SeenDevice; source?: ScannerSource }>;
  /** Makes the reader for a scanner node; by default node-hid when it loads, else /dev/hidrawN through fs. */
  sourceFor?: (path: string) => ScannerSource | Promise<ScannerSource>;
  /** How node-hid is loaded (tests simulate a box without libusb). */
  loadNodeHid?: () => Promise<NodeHidLoad>;
}

export interface HardwareRuntime {
  /** Scanner readers running now, by registry device id. */
  readonly scanners: ReadonlyMap<string, ScannerSource>;
  /** Why node-hid is not used (null when it is, or before the first scanner needed it). */
  nodeHidUnavailable(): string | null;
  /** Resolves once the scanner readers match the registry (after boot or a hot-plug). */
  settled(): Promise<void>;
  /** The last outcome of a scan, for tests and logs. */
  onScan?: ((deviceId: string, outcome: ScanOutcome) => void) | undefined;
  stop(): Promise<void>;
}

/**
 * Starts discovery (first scan now, then inotify on /dev with the poll as backstop) and keeps one scanner reader per
 * connected scanner. Never throws for missing hardware or native modules: the box starts with neither.
 */
export function startHardwareRuntime(options: HardwareRuntimeOptions): HardwareRuntime {
  const { db, clock, logger } = options;
  const scanners = new Map<string, ScannerSource>();
  let nodeHid: Promise<NodeHidLoad> | undefined;
  let nodeHidReason: string | null = null;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const virtualSources = new Map((options.virtualDevices ?? []).flatMap((v) => (v.source ? [[v.device.path, v.source] as const] : [])));
  const defaultSourceFor = async (path: string) => {
    // Lazy: only a box with a HID scanner pays for (or fails) loading node-hid, and only once.
    nodeHid ??= (options.loadNodeHid ?? loadNodeHid)().then((load) => {
      if (load.ok) logger.info({ hidapi: load.version }, 'node-hid loaded: reading HID POS scanners through hidapi');
      else {
        nodeHidReason = load.reason;
        logger.warn({ reason: load.reason }, 'node-hid unavailable (libusb-1.0 missing?): reading HID POS scanners from /dev/hidraw with fs');
      }
      return load;
    });
    return scannerSourceFactory(await nodeHid)(path);
  };
  const sourceFor = (path: string) => virtualSources.get(path) ?? (options.sourceFor ?? defaultSourceFor)(path);

  const syncScanners = async () => {
    const wanted = new Map(connectedDevices(db, 'scanner').map((d) => [d.id, d]));
    for (const [id, source] of scanners) {
      const device = wanted.get(id);
      if (!device || device.path !== source.id) {
        scanners.delete(id);
        await source.stop().catch(() => undefined);
      }
    }
    for (const [id, device] of wanted) {
      if (scanners.has(id) || stopped) continue;
      const source = await sourceFor(device.path);
      if (stopped) {
        await source.stop();
        return;
      }
      scanners.set(id, source);
      source.start((scan) => {
        try {
          const outcome = routeBoxScan({ ...options, hardwareEffects: options.hardwareEffects }, id, scan.data);
          runtime.onScan?.(id, outcome);
        } catch (error) {
          logger.error({ err: error, deviceId: id }, 'box scan failed');
        }
      }, (error) => {
        logger.warn({ err: error, deviceId: id, path: device.path }, 'scanner read failed');
        recordDeviceActivity(db, id, { error: `cannot read ${device.path}: ${error.message}` }, clock.now(), options.hardwareEffects);
        if (scanners.get(id) === source) scanners.delete(id); // retried at the next hot-plug or poll change
      });
      logger.info({ deviceId: id, path: device.path, name: device.name, counter: device.counterName }, 'reading box scanner');
    }
  };

  const onChange = (change: DeviceChange) => {
    if (stopped) return;
    const seen = [...change.devices.map(seenDeviceOf), ...(options.virtualDevices ?? []).map((v) => v.device)];
    let recorded: ReturnType<typeof recordDiscovery>;
    try {
      recorded = recordDiscovery(db, seen, clock.now(), options.hardwareEffects);
    } catch (error) {
      // Runs from a timer: a throw here would take the whole box down. The next change or poll tries again.
      logger.error({ err: error }, 'recording discovered devices failed');
      return;
    }
    for (const device of recorded.connected) logger.info({ kind: device.kind, path: device.path, name: device.name }, 'device plugged in');
    for (const device of recorded.moved) logger.info({ kind: device.kind, path: device.path, name: device.name }, 'device moved to another node');
    for (const device of recorded.disconnected) logger.warn({ kind: device.kind, path: device.path, name: device.name }, 'device unplugged');
    chain = chain.then(syncScanners).catch((error: unknown) => logger.error({ err: error }, 'starting scanner readers failed'));
  };

  let stopWatching: () => void = () => undefined;
  try {
    stopWatching = (options.watchDevices ?? watchDevices)(onChange, options.watch ?? {});
  } catch (error) {
    logger.error({ err: error }, 'device discovery failed to start; box-attached devices will not be found');
  }

  const runtime: HardwareRuntime = {
    scanners,
    nodeHidUnavailable: () => nodeHidReason,
    settled: () => chain,
    async stop() {
      stopped = true;
      stopWatching();
      await chain;
      await Promise.all([...scanners.values()].map((source) => source.stop().catch(() => undefined)));
      scanners.clear();
    },
  };
  return runtime;
}
