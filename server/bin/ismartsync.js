#!/usr/bin/env node
// The installed `ismartsync` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli.ts');
await runCli(process.argv);
