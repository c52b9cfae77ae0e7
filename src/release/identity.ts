/**
 * This build's release identity (see `manifest.ts`), computed once per process from the
 * code's commit, the content, the keys and `SOURCE_DATE_EPOCH`: the submit page prints
 * its id, the manifest records all of it.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { getRecipients } from '../config/recipients.ts';
import { siteConfig } from '../config/site.ts';
import { byCodePoint, folderDigest, releaseId, type ReleaseIdentity } from './manifest.ts';
import { loadReleaseSigningKey, type ReleaseSigningKey } from './signing-key.ts';

/** The commit of the checkout, or null outside git (a release tarball): nothing else about git goes into the build. */
function gitCommit(): string | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^[0-9a-f]{40,64}$/.test(commit) ? commit : null;
  } catch {
    return null;
  }
}

let cached: Promise<{ identity: ReleaseIdentity; signingKey: ReleaseSigningKey | null }> | undefined;

export function getRelease(): Promise<{ identity: ReleaseIdentity; signingKey: ReleaseSigningKey | null }> {
  cached ??= (async () => {
    const signingKey = await loadReleaseSigningKey(siteConfig);
    const recipients = await getRecipients();
    const contentDigest = await folderDigest([
      { label: 'content', path: resolve('content') },
      { label: 'recipient-keys', path: siteConfig.recipientKeysDir },
    ]);
    const withoutId = {
      commit: process.env.NGAO_RELEASE_COMMIT || gitCommit(),
      contentDigest,
      recipientKeys: recipients.map((key) => key.fingerprint).sort(byCodePoint),
      signingKey: signingKey?.fingerprint ?? null,
      sourceDateEpoch: process.env.SOURCE_DATE_EPOCH?.trim() || null,
    };
    return { identity: { id: releaseId(withoutId), ...withoutId }, signingKey };
  })();
  return cached;
}
