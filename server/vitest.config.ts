// Vitest for the server, hardware and the terminal's pure logic; run from the repository root.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['server/**/*.test.ts', 'hardware/**/*.test.ts', 'terminal/src/**/*.test.ts', 'scripts/**/*.test.ts', 'systemd/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'terminal/e2e/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
