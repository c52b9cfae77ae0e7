import { loadRecipientKeys, type LoadedRecipientKey } from '../keys/load.ts';
import { siteConfig } from './site.ts';

let cached: Promise<LoadedRecipientKey[]> | undefined;

/**
 * The recipient keys the site pins, validated (see `keys/validate.ts`): what the pages
 * show and the form encrypts to. The `ngao:recipient-keys` integration checks the same
 * folder when the build starts and publishes each key at `/keys/<fingerprint>.asc`.
 */
export function getRecipients(): Promise<LoadedRecipientKey[]> {
  cached ??= loadRecipientKeys(siteConfig.recipientKeysDir);
  return cached;
}

/**
 * Whether the site encrypts to a generated demo key. Decided from the keys themselves,
 * not from a setting, so a demo key copied into production still shows the banner.
 */
export async function isDemoDeployment(): Promise<boolean> {
  return (await getRecipients()).some((key) => key.isDemo);
}
