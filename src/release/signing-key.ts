/**
 * The release signing key's public half, read from the file `content/site.yaml` names
 * and checked against the fingerprint pinned beside it. The build publishes it; the
 * verifier trusts a signature only from the pinned fingerprint, wherever the key came from.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readKey, type PublicKey } from 'openpgp';
import { normaliseFingerprint } from '../keys/fingerprint.ts';

export interface ReleaseSigningKey {
  fingerprint: string;
  armored: string;
  key: PublicKey;
}

/** Reads an armoured public key; refuses private keys and keys whose fingerprint is not `pinned` (when given). `where` names the setting in errors. */
export async function readReleaseSigningKey(armored: string, pinned: string | null, where: string): Promise<ReleaseSigningKey> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) {
    throw new Error(`${where}: this is a PRIVATE key. Publish only the public key (gpg --armor --export <fingerprint>); the private key stays offline.`);
  }
  let key: PublicKey;
  try {
    key = await readKey({ armoredKey: armored });
  } catch (error) {
    throw new Error(`${where}: not an armoured OpenPGP public key (${(error as Error).message})`);
  }
  const fingerprint = normaliseFingerprint(key.getFingerprint());
  if (pinned !== null && fingerprint !== normaliseFingerprint(pinned)) {
    throw new Error(`${where}: the key's fingerprint is ${fingerprint}, but releaseSigningKey.fingerprint in content/site.yaml pins ${normaliseFingerprint(pinned)}`);
  }
  return { fingerprint, armored, key };
}

/**
 * The site's release signing key, or null when the site has none. `NGAO_RELEASE_KEY`
 * (a public key file) stands in for the configured one, for tests and local trials,
 * the way `NGAO_KEYS_DIR` does for recipient keys: its own fingerprint is then the pin.
 */
export async function loadReleaseSigningKey(
  config: { releaseSigningKey?: { fingerprint: string; publicKey: string } | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
  root = process.cwd(),
): Promise<ReleaseSigningKey | null> {
  if (env.NGAO_RELEASE_KEY) {
    const file = resolve(root, env.NGAO_RELEASE_KEY);
    const armored = await readFile(file, 'utf8').catch((error: Error) => {
      throw new Error(`NGAO_RELEASE_KEY: cannot read ${file} (${error.message})`);
    });
    return readReleaseSigningKey(armored, null, `NGAO_RELEASE_KEY (${file})`);
  }
  if (!config.releaseSigningKey) return null;
  const file = resolve(root, config.releaseSigningKey.publicKey);
  const armored = await readFile(file, 'utf8').catch((error: Error) => {
    throw new Error(`releaseSigningKey.publicKey in content/site.yaml: cannot read ${file} (${error.message})`);
  });
  return readReleaseSigningKey(armored, config.releaseSigningKey.fingerprint, `releaseSigningKey.publicKey (${file})`);
}
