// Public face of the hardware room (printers, scanners and displays found on the box's ports).
export {
  connectedDevices, findHardware, listHardware, recordDeviceActivity, recordDiscovery, scannerCounter, updateHardware,
  type DiscoveryChange, type HardwareChanges, type HardwareDeviceView, type HardwareEffects, type PrinterLiveStatus,
} from './hardware.service.ts';
export { cleanDeviceName, defaultDeviceName, deviceKeys, type SeenDevice } from './hardware.rules.ts';
export type { HardwareKind } from './hardware.sql.ts';
export { hardwareRoutes } from './hardware.routes.ts';
