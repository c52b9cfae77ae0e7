/**
 * Encrypting the padded entity to the organisation's keys with OpenPGP.js.
 *
 * Guarantees, each checked here rather than assumed:
 * - Pinning: the keys were fetched over the network, but their fingerprints were fixed
 *   when the site was built and shown on the page. A fetched key whose fingerprint is
 *   not pinned, or a pinned key that is missing, stops everything: a swapped key file
 *   must never receive a testimony.
 * - One message to all recipients at once (one session key, one encrypted packet).
 * - No compression: compressing padded data would shrink the padding away and leak the
 *   real length again (and compression side channels are a known risk).
 * - Only what GnuPG 2.2 and every OpenPGP mail client read: v4 keys, v3 session-key
 *   packets and a version 1 integrity-protected data packet (SEIPDv1 with MDC).
 *   OpenPGP.js would switch to SEIPDv2 (AEAD, RFC 9580) for keys that advertise it;
 *   recipients' GnuPG 2.2 cannot read that, so the feature flag is masked on our
 *   in-memory copy of the key, and the output's packets are inspected before it is
 *   returned.
 *
 * The OpenPGP.js module is passed in: the browser loads `openpgp/lightweight` on
 * demand (that entry point exists only for browsers), the relay imports `openpgp`.
 * Both are the same library and produce the same packets.
 */
import type * as OpenPGP from 'openpgp';
import { normaliseFingerprint } from '../../keys/fingerprint.ts';

/** The parts of the OpenPGP.js API this module uses; both `openpgp` and `openpgp/lightweight` provide them. */
export type OpenPGPModule = Pick<typeof OpenPGP, 'readKeys' | 'createMessage' | 'encrypt' | 'enums'>;

/** The organisation's keys as the page knows them. */
export interface PinnedRecipients {
  /** Fingerprints fixed at build time: 40 hex digits each (v4), spaces and case ignored. */
  pinnedFingerprints: readonly string[];
  /** The armoured public keys as fetched, one key per string, any order. */
  armoredKeys: readonly string[];
}

/**
 * Why encryption was refused. The form shows one message for all of them ("the
 * testimony could not be encrypted, nothing was sent") and keeps the code for support.
 * - `no_keys`: no key or no pin was given.
 * - `invalid_pin`: a pinned fingerprint is not 40 hex digits.
 * - `key_unreadable`: a fetched file is not exactly one OpenPGP public key.
 * - `key_not_v4`: a key is not version 4.
 * - `key_not_pinned`: a fetched key's fingerprint is not among the pins.
 * - `pinned_key_missing`: a pinned key was not among the fetched keys.
 * - `key_unusable`: OpenPGP.js refused a key (expired, revoked, cannot encrypt).
 * - `unexpected_output`: the encrypted message is not what GnuPG 2.2 can read.
 */
export type EncryptionErrorCode =
  | 'no_keys'
  | 'invalid_pin'
  | 'key_unreadable'
  | 'key_not_v4'
  | 'key_not_pinned'
  | 'pinned_key_missing'
  | 'key_unusable'
  | 'unexpected_output';

export class SubmissionEncryptionError extends Error {
  override name = 'SubmissionEncryptionError';
  readonly code: EncryptionErrorCode;
  constructor(code: EncryptionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const v4FingerprintPattern = /^[0-9A-F]{40}$/;

type Key = Awaited<ReturnType<OpenPGPModule['readKeys']>>[number];

async function readPinnedKeys(openpgp: OpenPGPModule, recipients: PinnedRecipients): Promise<Key[]> {
  const pins = [...new Set(recipients.pinnedFingerprints.map(normaliseFingerprint))];
  if (pins.length === 0 || recipients.armoredKeys.length === 0) throw new SubmissionEncryptionError('no_keys', 'no recipient key: refusing to encrypt to nobody');
  for (const pin of pins) if (!v4FingerprintPattern.test(pin)) throw new SubmissionEncryptionError('invalid_pin', `pinned fingerprint ${pin} is not a v4 fingerprint`);

  const keys: Key[] = [];
  for (const armoredKey of recipients.armoredKeys) {
    let parsed: Key[];
    try {
      parsed = await openpgp.readKeys({ armoredKeys: armoredKey });
    } catch (error) {
      throw new SubmissionEncryptionError('key_unreadable', 'a recipient key file is not an OpenPGP key', { cause: error });
    }
    const [key] = parsed;
    if (parsed.length !== 1 || !key || key.isPrivate()) {
      throw new SubmissionEncryptionError('key_unreadable', 'a recipient key file must hold exactly one public key');
    }
    if (key.keyPacket.version !== 4) throw new SubmissionEncryptionError('key_not_v4', `key ${key.getFingerprint()} is version ${key.keyPacket.version}, not 4`);
    const fingerprint = normaliseFingerprint(key.getFingerprint());
    if (!pins.includes(fingerprint)) throw new SubmissionEncryptionError('key_not_pinned', `key ${fingerprint} is not one of the pinned keys`);
    if (!keys.some((k) => normaliseFingerprint(k.getFingerprint()) === fingerprint)) keys.push(key);
  }
  const missing = pins.filter((pin) => !keys.some((key) => normaliseFingerprint(key.getFingerprint()) === pin));
  if (missing.length > 0) throw new SubmissionEncryptionError('pinned_key_missing', `pinned key ${missing.join(', ')} was not provided`);
  return keys;
}

/** The "Features" flag for SEIPDv2 support (RFC 9580 §5.2.3.32). */
const seipdV2FeatureBit = 0x08;

/** Clears the SEIPDv2 feature bit on every self-signature of our own parsed copy (see the module comment). */
function withoutSeipdV2Feature(key: Key): Key {
  // `directSignatures` exists at run time but is missing from OpenPGP.js's type declarations.
  const directSignatures = (key as unknown as { directSignatures?: Key['users'][number]['selfCertifications'] }).directSignatures ?? [];
  const signatures = [...directSignatures, ...key.users.flatMap((user) => user.selfCertifications)];
  for (const signature of signatures) {
    // Verification hashes the signature's stored bytes, not this decoded field, so
    // the key stays valid; only OpenPGP.js's choice of packet format changes.
    if (signature.features && signature.features.length > 0) signature.features[0]! &= ~seipdV2FeatureBit;
  }
  return key;
}

/** OpenPGP packet tags (RFC 4880 §4.3). */
const publicKeyEncryptedSessionKeyTag = 1;
const integrityProtectedDataTag = 18;

function assertGnuPgReadable(packets: Iterable<{ version?: number; constructor: unknown }>, recipientCount: number): void {
  const list = [...packets];
  const tagOf = (packet: { constructor: unknown }) => (packet.constructor as { tag?: number }).tag;
  const sessionKeys = list.filter((packet) => tagOf(packet) === publicKeyEncryptedSessionKeyTag);
  const data = list.filter((packet) => tagOf(packet) === integrityProtectedDataTag);
  const wellFormed =
    list.length === recipientCount + 1 &&
    sessionKeys.length === recipientCount &&
    sessionKeys.every((packet) => packet.version === 3) &&
    data.length === 1 &&
    data[0]!.version === 1;
  if (!wellFormed) {
    const shape = list.map((packet) => `${tagOf(packet)}v${packet.version}`).join(' ');
    throw new SubmissionEncryptionError('unexpected_output', `encrypted message has packets [${shape}], expected ${recipientCount} × 1v3 and 18v1`);
  }
}

export interface EncryptSubmissionOptions {
  openpgp: OpenPGPModule;
  /** The moment of sending: key validity (expiry, revocation) is judged at this time. */
  now: Date;
}

/**
 * Encrypts the (padded) entity to every pinned recipient at once and returns the
 * ASCII-armoured OpenPGP message, the only thing that leaves the browser.
 * Throws `SubmissionEncryptionError` and never returns anything else on failure: there
 * is no path on which plaintext could be sent instead.
 */
export async function encryptSubmission(entity: Uint8Array, recipients: PinnedRecipients, options: EncryptSubmissionOptions): Promise<string> {
  const { openpgp, now } = options;
  const keys = (await readPinnedKeys(openpgp, recipients)).map(withoutSeipdV2Feature);
  const config = {
    preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
    aeadProtect: false,
  };
  // The literal packet's own timestamp is rounded down to the hour, like the record's.
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  let encrypted;
  try {
    const message = await openpgp.createMessage({ binary: entity, format: 'binary', date: hour });
    encrypted = await openpgp.encrypt({ message, encryptionKeys: keys, format: 'object', date: now, config });
  } catch (error) {
    throw new SubmissionEncryptionError('key_unusable', `encryption failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  assertGnuPgReadable(encrypted.packets, keys.length);
  return encrypted.armor();
}
