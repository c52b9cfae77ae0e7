/**
 * Checking the manifest's detached signature with OpenPGP.js: the one check the
 * verifier and the signer (after signing, before publishing) both make. Trust comes only
 * from the pinned fingerprint; a key that arrives with the site is used only if its
 * fingerprint is the pinned one.
 */
import { createMessage, readSignature, verify } from 'openpgp';
import type { ReleaseSigningKey } from './signing-key.ts';

/** Throws, saying what is wrong in words a person can act on, unless `armoredSignature` is a valid signature by `key` over exactly `manifest`. */
export async function checkManifestSignature(manifest: Uint8Array, armoredSignature: string, key: ReleaseSigningKey): Promise<void> {
  let signature;
  try {
    signature = await readSignature({ armoredSignature });
  } catch (error) {
    throw new Error(`the signature file is not an armoured OpenPGP signature (${(error as Error).message})`);
  }
  const result = await verify({ message: await createMessage({ binary: manifest }), signature, verificationKeys: key.key, format: 'binary' });
  const [first] = result.signatures;
  if (!first) throw new Error('the signature file holds no signature');
  try {
    await first.verified;
  } catch (error) {
    const message = (error as Error).message;
    if (/Could not find signing key/i.test(message)) {
      throw new Error(`the manifest is signed by key ID ${first.keyID.toHex().toUpperCase()}, not by the pinned release key ${key.fingerprint}`);
    }
    throw new Error(`the signature does not match the manifest: the manifest or the signature was changed (${message})`);
  }
}
