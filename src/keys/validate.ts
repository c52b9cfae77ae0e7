/**
 * Deciding whether a public key may receive testimonies. Run at build time for every
 * key the site will publish, so a bad key stops the build with a sentence an operator
 * can act on, instead of testimonies that nobody can decrypt.
 *
 * A recipient key must be:
 * - exactly one OpenPGP *public* key (a private key in the site's folder would be
 *   published to the world);
 * - version 4: GnuPG 2.2, still the GnuPG of many Linux distributions, and most mail
 *   clients cannot use v6 keys (RFC 9580);
 * - not revoked, not expired, with a valid self-signature, at the time of the build;
 * - able to encrypt: a valid encryption-capable primary key or subkey;
 * - strong enough and readable everywhere: RSA of at least 3072 bits, or Curve25519
 *   (ECDH "cv25519", as GnuPG makes it). The newer X25519 algorithm of RFC 9580 is
 *   refused because GnuPG 2.2 cannot read messages encrypted with it;
 * - not limited to SEIPDv2: a key whose features say it does not accept the classic
 *   integrity-protected format would have to receive a message GnuPG 2.2 cannot read.
 */
import { readKeys, type Key, type Subkey } from 'openpgp';
import { normaliseFingerprint } from './fingerprint.ts';

/** What the site needs to know about a valid recipient key. */
export interface RecipientKeyInfo {
  /** Primary key fingerprint, 40 upper-case hex digits: the pin, and the file name under `/keys/`. */
  fingerprint: string;
  /** The key's user IDs, e.g. `Ngao demo key (local test only) <demo@ngao.invalid>`. */
  userIDs: string[];
  /** Algorithm of the key that messages are encrypted to. */
  algorithm: 'rsa' | 'curve25519';
  /** Its size: RSA modulus bits, or 255 for Curve25519. */
  bits: number;
  /** When the key (or the subkey used for encryption, whichever is sooner) expires; `null` if never. */
  expires: Date | null;
  /** Key ID of the (sub)key OpenPGP.js will encrypt to, 16 lower-case hex digits. */
  encryptionKeyId: string;
  /** A generated demo key: some user ID is on an `.invalid` address (RFC 2606), which no organisation can own. */
  isDemo: boolean;
  /** The public key, armoured afresh from what was parsed (nothing but the key itself). */
  armored: string;
}

/** A key was refused; `reason` is a complete sentence for an operator. */
export class RecipientKeyError extends Error {
  override name = 'RecipientKeyError';
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

const demoAddress = /@[^>\s]*\.invalid>?$/i;
const seipdV1FeatureBit = 0x01; // RFC 4880 §5.2.3.24: "Modification Detection (packets 18 and 19)"
const seipdV2FeatureBit = 0x08; // RFC 9580 §5.2.3.32
const minimumRsaBits = 3072;

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function finiteDate(value: Date | number | null): Date | null {
  return value instanceof Date && Number.isFinite(value.getTime()) ? value : null;
}

function describeAlgorithm(info: ReturnType<Key['getAlgorithmInfo']>): string {
  return info.curve ? `${info.algorithm} on ${info.curve}` : info.bits ? `${info.algorithm} ${info.bits}-bit` : info.algorithm;
}

function checkStrength(encryptionKey: Key | Subkey): { algorithm: RecipientKeyInfo['algorithm']; bits: number } {
  const info = encryptionKey.getAlgorithmInfo();
  if (info.algorithm === 'rsaEncryptSign' || info.algorithm === 'rsaEncrypt') {
    const bits = info.bits ?? 0;
    if (bits < minimumRsaBits) {
      throw new RecipientKeyError(
        `its encryption key is RSA ${bits}-bit, weaker than the ${minimumRsaBits} bits we require. Generate a new key (RSA 4096 or Curve25519) and publish it instead.`,
      );
    }
    return { algorithm: 'rsa', bits };
  }
  if (info.algorithm === 'ecdh' && info.curve === 'curve25519Legacy') return { algorithm: 'curve25519', bits: 255 };
  if (info.algorithm === 'x25519') {
    throw new RecipientKeyError(
      'its encryption key uses the X25519 algorithm of RFC 9580, which GnuPG 2.2 cannot decrypt. Use a Curve25519 key as GnuPG makes it (cv25519) or RSA 4096.',
    );
  }
  throw new RecipientKeyError(
    `its encryption key uses ${describeAlgorithm(info)}; only RSA of ${minimumRsaBits} bits or more and Curve25519 (cv25519) are accepted.`,
  );
}

/**
 * Checks one armoured key at the moment `now` and describes it, or throws
 * `RecipientKeyError` with the reason in plain words.
 */
export async function validateRecipientKey(armored: string, now: Date): Promise<RecipientKeyInfo> {
  if (/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(armored)) {
    throw new RecipientKeyError(
      'it contains a PRIVATE key. Remove this file now (the site would publish it) and put only the public key here: gpg --armor --export <fingerprint>.',
    );
  }
  let keys: Key[];
  try {
    keys = await readKeys({ armoredKeys: armored });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RecipientKeyError(`it is not an ASCII-armoured OpenPGP public key (${detail}). Export the key with: gpg --armor --export <fingerprint>.`);
  }
  if (keys.length !== 1) throw new RecipientKeyError(`it holds ${keys.length} keys; put each key in its own file.`);
  const key = keys[0]!;
  if (key.isPrivate()) throw new RecipientKeyError('it contains a PRIVATE key. Remove this file now and put only the public key here.');

  const fingerprint = normaliseFingerprint(key.getFingerprint());
  const version = key.keyPacket.version;
  if (version !== 4) {
    throw new RecipientKeyError(
      `it is a version ${version} key. GnuPG 2.2 and many mail clients cannot use version ${version} keys; generate a version 4 key (for example with GnuPG 2.2 or 2.4: gpg --quick-gen-key) and publish that.`,
    );
  }
  if (await key.isRevoked(undefined, undefined, now)) {
    throw new RecipientKeyError('it has been revoked by its owner. Publish the organisation’s current key instead.');
  }
  const keyExpiry = finiteDate(await key.getExpirationTime());
  if (keyExpiry && keyExpiry <= now) {
    throw new RecipientKeyError(
      `it expired on ${day(keyExpiry)}. Extend it (gpg --quick-set-expire ${fingerprint} 1y) and export it again, or publish a new key.`,
    );
  }
  try {
    await key.verifyPrimaryKey(now);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RecipientKeyError(`its self-signature is not valid (${detail}). Export the key again from the organisation’s GnuPG.`);
  }

  const selfSignature = (await key.getPrimaryUser(now)).selfCertification;
  const features = selfSignature.features?.[0];
  if (features !== undefined && (features & seipdV2FeatureBit) !== 0 && (features & seipdV1FeatureBit) === 0) {
    throw new RecipientKeyError(
      'it only accepts the new SEIPDv2 message format, which GnuPG 2.2 cannot decrypt. Use a key made for OpenPGP v4 (GnuPG 2.2 or 2.4) instead.',
    );
  }

  let encryptionKey: Key | Subkey;
  try {
    encryptionKey = await key.getEncryptionKey(undefined, now);
  } catch {
    throw new RecipientKeyError(
      `it has no valid key that can encrypt (it may be a signing-only key, or its encryption subkey expired or was revoked). Add one with: gpg --quick-add-key ${fingerprint} cv25519 encr.`,
    );
  }
  const { algorithm, bits } = checkStrength(encryptionKey);

  const subkeyExpiry = encryptionKey === key ? null : finiteDate(await (encryptionKey as Subkey).getExpirationTime(now));
  const expiries = [keyExpiry, subkeyExpiry].filter((date): date is Date => date !== null);
  const expires = expiries.length > 0 ? new Date(Math.min(...expiries.map((date) => date.getTime()))) : null;

  const userIDs = key.getUserIDs();
  return {
    fingerprint,
    userIDs,
    algorithm,
    bits,
    expires,
    encryptionKeyId: encryptionKey.getKeyID().toHex(),
    isDemo: userIDs.some((userID) => demoAddress.test(userID)),
    armored: key.armor(),
  };
}
