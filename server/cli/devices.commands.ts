// Hardware registry commands for techs at the box: devices list, rename, assign (by id or /dev path; audited).
import type { Command } from 'commander';
import { listHardware, updateHardware, type HardwareDeviceView } from '../domain/hardware/index.ts';
import { findCounter } from '../domain/staff/index.ts';
import { systemClock } from '../shared/clock.ts';
import type { Result } from '../shared/result.ts';
import { configFrom, configOption, dataDirOption, EXIT_FAILED, withExistingDatabase, type Flags } from './common.ts';

function describeDevice(d: HardwareDeviceView): string {
  const state = d.connected === null ? 'unknown' : d.connected ? 'connected' : 'unplugged';
  const counter = d.counterName ?? (d.kind === 'scanner' ? 'NOT ASSIGNED (scans dropped)' : '-');
  return `${d.id}  ${d.kind.padEnd(8)} ${d.name.padEnd(28)} ${d.path.padEnd(26)} ${state.padEnd(10)} ${counter}${d.lastError ? `  last error: ${d.lastError}` : ''}`;
}

function report(result: Result<HardwareDeviceView>): void {
  if (!result.ok) {
    console.error(`${result.error.code}: ${result.error.message}`);
    process.exitCode = EXIT_FAILED;
    return;
  }
  console.log(describeDevice(result.value));
}

/** devices list | rename <device> <name> | assign <device> <counter|none>. */
export function registerDevicesCommands(program: Command): void {
  const group = program.command('devices').description('printers, scanners and displays found on the box (the Devices page\'s hardware list)');

  group.command('list')
    .description('every device the box has found or has as network printer: id, kind, name, node, state, counter')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((flags: Flags) => {
      withExistingDatabase(configFrom(flags), (db) => {
        const devices = listHardware(db);
        if (devices.length === 0) console.log('no devices yet: plug one in while the box runs, or add a network printer on the Devices page');
        for (const d of devices) console.log(describeDevice(d));
      });
    });

  group.command('rename <device> <name>')
    .description('rename a device (by id or /dev path)')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((device: string, name: string, flags: Flags) => {
      withExistingDatabase(configFrom(flags), (db) => {
        report(updateHardware(db, null, device, { name }, systemClock.now()));
      });
    });

  group.command('assign <device> <counter>')
    .description('assign a device (by id or /dev path) to a counter (code or name), or "none"')
    .addOption(dataDirOption())
    .addOption(configOption())
    .action((device: string, counter: string, flags: Flags) => {
      withExistingDatabase(configFrom(flags), (db) => {
        if (counter.toLowerCase() === 'none') return report(updateHardware(db, null, device, { counterId: null }, systemClock.now()));
        const found = findCounter(db, counter);
        if (!found) {
          console.error(`COUNTER_NOT_FOUND: no counter "${counter}" in this branch`);
          process.exitCode = EXIT_FAILED;
          return;
        }
        report(updateHardware(db, null, device, { counterId: found.id }, systemClock.now()));
      });
    });
}
