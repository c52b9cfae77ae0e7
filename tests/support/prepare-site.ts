// Run by `npm test` before Playwright: makes the test recipient keys with GnuPG (so that
// GnuPG, the interop peer, holds the private halves) and builds the site pinned to them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateGpgKey } from './gpg.ts';
import { testPaths } from './test-site.ts';

const haveKeys = existsSync(join(testPaths.keys, 'curve25519.asc')) && existsSync(join(testPaths.keys, 'rsa4096.asc'));
if (!haveKeys || process.env.CI) {
  rmSync(testPaths.root, { recursive: true, force: true });
  mkdirSync(testPaths.keys, { recursive: true });
  for (const kind of ['curve25519', 'rsa4096'] as const) {
    const armored = generateGpgKey(testPaths.gnupg[kind], kind, `${kind}@test.ngao.example`);
    writeFileSync(join(testPaths.keys, `${kind}.asc`), armored);
  }
}
rmSync(testPaths.maildir, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], {
  stdio: 'inherit',
  env: { ...process.env, NGAO_KEYS_DIR: testPaths.keys },
});
