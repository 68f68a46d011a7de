// Hot-plug: rescans sysfs when /dev changes (inotify via fs.watch), with a poll as backstop for missed events.
import fs from 'node:fs';
import { discoverDevices, type DiscoveredDevice } from './device-discovery.ts';

export interface DeviceChange {
  devices: DiscoveredDevice[];
  added: DiscoveredDevice[];
  removed: DiscoveredDevice[];
}

export interface WatchOptions {
  sysRoot?: string;
  devRoot?: string;
  /** Backstop rescan interval. */
  pollMs?: number;
}

// A different device replugged at the same node between two scans still counts as a change.
const keyOf = (device: DiscoveredDevice) => `${device.kind}:${device.path}:${device.usb ? `${device.usb.vendorId}:${device.usb.productId}:${device.usb.serial ?? ''}@${device.usb.port}` : ''}`;

/** Calls `onChange` with the first scan and after every change; returns a function that stops watching. */
export function watchDevices(onChange: (change: DeviceChange) => void, options: WatchOptions = {}): () => void {
  const sysRoot = options.sysRoot ?? '/sys';
  const devRoot = options.devRoot ?? '/dev';
  let known = new Map<string, DiscoveredDevice>();
  let first = true;
  const rescan = () => {
    const devices = discoverDevices(sysRoot, devRoot);
    const now = new Map(devices.map((device) => [keyOf(device), device]));
    const added = devices.filter((device) => !known.has(keyOf(device)));
    const removed = [...known.values()].filter((device) => !now.has(keyOf(device)));
    known = now;
    if (first || added.length > 0 || removed.length > 0) onChange({ devices, added, removed });
    first = false;
  };
  rescan();
  let debounce: NodeJS.Timeout | undefined;
  const soon = () => {
    clearTimeout(debounce);
    debounce = setTimeout(rescan, 100); // udev creates the node, then sysfs settles
  };
  const watchers: fs.FSWatcher[] = [];
  for (const dir of [devRoot, `${devRoot}/usb`]) {
    try {
      watchers.push(fs.watch(dir, soon));
    } catch {
      // not there (no USB printer yet) or not watchable: the poll covers it
    }
  }
  const poll = setInterval(rescan, options.pollMs ?? 2000);
  return () => {
    clearInterval(poll);
    clearTimeout(debounce);
    for (const watcher of watchers) watcher.close();
  };
}
