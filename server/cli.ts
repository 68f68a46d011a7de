// The `ismartsync` command (`npm run cli -- <command>`); each area registers its commands from server/cli/.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { ConfigError } from './config.ts';
import { DataDirError } from './data-dir.ts';
import { registerBoxCommands } from './cli/box.commands.ts';
import { registerOpsCommands } from './cli/ops.commands.ts';
import { registerPairingCommands, registerStaffCommands, registerTokenCommands } from './cli/staff.commands.ts';
import { registerShopifyCommands } from './cli/shopify.commands.ts';
import { registerHardwareCommands } from './cli/hardware.commands.ts';
import { registerDevicesCommands } from './cli/devices.commands.ts';
import { EXIT_CONFIG } from './cli/common.ts';
import { VERSION } from './version.ts';

/** Every command group, in the order `--help` lists them. */
const COMMAND_GROUPS: Array<(program: Command) => void> = [
  registerBoxCommands, registerStaffCommands, registerPairingCommands, registerTokenCommands, registerShopifyCommands,
  registerHardwareCommands, registerDevicesCommands, registerOpsCommands,
];

export function buildProgram(): Command {
  const program = new Command('ismartsync')
    .description('iSmartSync branch box: the per-branch POS server')
    .version(VERSION)
    .showHelpAfterError();
  for (const register of COMMAND_GROUPS) register(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirError) {
      console.error(error.message);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await runCli(process.argv);
}
