import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readKey } from 'openpgp';
import { siteConfig } from './site.ts';

/** User IDs on `.invalid` addresses (RFC 2606) can never be a real organisation's: they mark generated demo keys. */
const DEMO_ADDRESS = /@[^>]*\.invalid>?$/i;

let cached: Promise<boolean> | undefined;

/**
 * Whether the site encrypts to a generated demo key. Decided from the keys themselves,
 * not from a setting, so a demo key copied into production still shows the banner.
 */
export function isDemoDeployment(): Promise<boolean> {
  cached ??= (async () => {
    const files = (await readdir(siteConfig.recipientKeysDir).catch(() => [])).filter((f) => f.endsWith('.asc'));
    for (const file of files) {
      const key = await readKey({ armoredKey: await readFile(join(siteConfig.recipientKeysDir, file), 'utf8') });
      if (key.getUserIDs().some((uid) => DEMO_ADDRESS.test(uid))) return true;
    }
    return false;
  })();
  return cached;
}
