// Demo mode only: a virtual HID scanner "plugged into the box", whose scans are typed through a demo route.
import { FakeScannerSource } from '../../hardware/scanner/scanner-source.ts';
import type { SeenDevice } from '../domain/hardware/index.ts';

export const DEMO_SCANNER_PATH = 'demo://scanner';

export interface DemoScanner {
  device: SeenDevice;
  source: FakeScannerSource;
}

export function createDemoScanner(): DemoScanner {
  return {
    device: { kind: 'scanner', path: DEMO_SCANNER_PATH, model: 'Scanner (DEMO)', ieee1284Id: null, usb: null },
    source: new FakeScannerSource(DEMO_SCANNER_PATH),
  };
}
