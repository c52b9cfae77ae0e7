// Recipient keys for the relay tests, made fresh by OpenPGP.js: v4 keys that GnuPG 2.2
// reads, as the site's key validation requires.
import { generateKey, type PrivateKey, type PublicKey } from 'openpgp';

export interface TestRecipient {
  publicKey: PublicKey;
  privateKey: PrivateKey;
  /** Upper-case hex, as in `/keys/<FINGERPRINT>.asc`. */
  fingerprint: string;
  armoredPublicKey: string;
  armoredPrivateKey: string;
}

export async function makeRecipient(name: string, kind: 'curve25519' | 'rsa3072' = 'curve25519'): Promise<TestRecipient> {
  const userIDs = [{ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.org` }];
  const generated =
    kind === 'curve25519'
      ? await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs, format: 'object' })
      : await generateKey({ type: 'rsa', rsaBits: 3072, userIDs, format: 'object' });
  return {
    publicKey: generated.publicKey,
    privateKey: generated.privateKey,
    fingerprint: generated.publicKey.getFingerprint().toUpperCase(),
    armoredPublicKey: generated.publicKey.armor(),
    armoredPrivateKey: generated.privateKey.armor(),
  };
}
