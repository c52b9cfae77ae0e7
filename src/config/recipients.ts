import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readKey } from 'openpgp';
import { siteConfig } from './site.ts';

/** User IDs on `.invalid` addresses (RFC 2606) can never be a real organisation's: they mark generated demo keys. */
const DEMO_ADDRESS = /@[^>]*\.invalid>?$/i;

export interface RecipientSummary {
  /** Upper-case hex, 40 digits for v4 keys. */
  fingerprint: string;
  userIds: string[];
  /** The public key as published at `/keys/<fingerprint>.asc`. */
  armored: string;
}

let cached: Promise<RecipientSummary[]> | undefined;

/** The recipient keys the site pins: what pages show and link to. */
export function getRecipients(): Promise<RecipientSummary[]> {
  cached ??= (async () => {
    const dir = siteConfig.recipientKeysDir;
    const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.asc')).sort();
    return Promise.all(
      files.map(async (file) => {
        const key = await readKey({ armoredKey: await readFile(join(dir, file), 'utf8') });
        return { fingerprint: key.getFingerprint().toUpperCase(), userIds: key.getUserIDs(), armored: key.armor() };
      }),
    );
  })();
  return cached;
}

/**
 * Whether the site encrypts to a generated demo key. Decided from the keys themselves,
 * not from a setting, so a demo key copied into production still shows the banner.
 */
export async function isDemoDeployment(): Promise<boolean> {
  return (await getRecipients()).some((key) => key.userIds.some((uid) => DEMO_ADDRESS.test(uid)));
}

/** "ABCD EF01 …": fingerprints in groups of four, easier to read aloud and compare. */
export function groupFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?=.)/g, '$1 ');
}
