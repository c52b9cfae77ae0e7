// Run by `npm test` before Playwright: makes the test recipient keys with GnuPG (so that
// GnuPG, the interop peer, holds the private halves) and builds the site pinned to them,
// then signs the release manifest with a test release key, as an organisation would.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateGpgKey } from './gpg.ts';
import { testPaths } from './test-site.ts';

const haveKeys = existsSync(join(testPaths.keys, 'curve25519.asc')) && existsSync(join(testPaths.keys, 'rsa4096.asc')) && existsSync(testPaths.releaseKey);
if (!haveKeys || process.env.CI) {
  rmSync(testPaths.root, { recursive: true, force: true });
  mkdirSync(testPaths.keys, { recursive: true });
  for (const kind of ['curve25519', 'rsa4096'] as const) {
    const armored = generateGpgKey(testPaths.gnupg[kind], kind, `${kind}@test.ngao.example`);
    writeFileSync(join(testPaths.keys, `${kind}.asc`), armored);
  }
  writeFileSync(testPaths.releaseKey, generateGpgKey(testPaths.gnupg.release, 'curve25519', 'release@test.ngao.example'));
}
rmSync(testPaths.maildir, { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], {
  stdio: 'inherit',
  env: { ...process.env, NGAO_KEYS_DIR: testPaths.keys, NGAO_RELEASE_KEY: testPaths.releaseKey },
});
// Signed as an organisation signs a release, so the verifier tests check a real signature.
execFileSync(process.execPath, ['src/release/sign-release.ts'], {
  stdio: 'inherit',
  env: { ...process.env, NGAO_RELEASE_KEY: testPaths.releaseKey, GNUPGHOME: testPaths.gnupg.release },
});
