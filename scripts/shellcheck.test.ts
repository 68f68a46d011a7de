// Every shell script of the project passes shellcheck (Debian's `shellcheck` package; .ci/run installs it).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const scripts = [
  ...readdirSync(join(root, 'scripts'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sh')).map((f) => join('scripts', f)),
  '.ci/run',
].sort();

describe('shellcheck', () => {
  it('finds the scripts', () => {
    expect(scripts).toEqual(expect.arrayContaining(['.ci/run', 'scripts/install.sh', 'scripts/ismartsync-cli.sh']));
  });

  it.each(scripts)('%s passes', (script) => {
    const run = spawnSync('shellcheck', ['--severity=style', '--external-sources', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.error).toBeUndefined();
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
