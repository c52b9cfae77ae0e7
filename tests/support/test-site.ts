import { resolve } from 'node:path';

/**
 * Where the test build and the test relay live. `tests/support/prepare-site.ts` generates
 * the keys and builds into `dist/`; Playwright starts the relay on it.
 */
const root = process.cwd();
export const testPaths = {
  root: resolve(root, 'var/test'),
  keys: resolve(root, 'var/test/keys'),
  gnupg: { curve25519: resolve(root, 'var/test/gnupg-curve25519'), rsa4096: resolve(root, 'var/test/gnupg-rsa4096'), release: resolve(root, 'var/test/gnupg-release') },
  /** Public half of the test release signing key (NGAO_RELEASE_KEY for the test build); the private half stays in `gnupg.release`. */
  releaseKey: resolve(root, 'var/test/release-key.asc'),
  maildir: resolve(root, 'var/test/mail'),
  site: resolve(root, 'dist'),
};

// NGAO_TEST_PORT lets two checkouts run their browser tests side by side.
const port = Number(process.env.NGAO_TEST_PORT ?? 4391);
export const testServer = {
  url: `http://127.0.0.1:${port}`,
  env: { PORT: String(port), HOST: '127.0.0.1', SITE_DIR: testPaths.site, MAILDIR: testPaths.maildir },
};
