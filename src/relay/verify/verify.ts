import { PublicKeyEncryptedSessionKeyPacket } from 'openpgp';
import { dearmourMessage } from './armour.ts';
import { readPacketFrames, type PacketFrame } from './packet-frames.ts';

/**
 * The relay's acceptance rule, as a pure function of the request body and the
 * recipient keys: a submission is stored only if it is a complete OpenPGP message of
 * exactly this shape
 *
 *   PKESK (one per recipient key, addressing that key's encryption subkey) …
 *   SEIPD version 1 (integrity-protected encrypted data)
 *
 * and nothing else: no literal, compressed, signature, marker or padding packet beside
 * the encryption (they can carry readable text), no password-encrypted session key
 * (anyone with the password could read it), no unprotected or non-standard encrypted
 * data. SEIPD version 2 is refused too: the recipient keys are v4 keys meant for GnuPG
 * 2.2 and Thunderbird, which would receive mail they cannot open.
 */

/** What the relay knows about one recipient key: enough to match session-key packets against it. */
export interface RecipientKey {
  /** Primary key fingerprint, upper-case hex, as published at `/keys/<FINGERPRINT>.asc`. */
  fingerprint: string;
  /** The (sub)keys valid for encryption now: 16-digit lower-case hex key ID and OpenPGP public-key algorithm ID. */
  encryptionKeys: ReadonlyArray<{ keyID: string; algorithm: number }>;
}

export type VerificationCode =
  | 'not_openpgp'
  | 'cleartext_present'
  | 'password_encrypted'
  | 'wrong_recipients'
  | 'not_encrypted'
  | 'unsupported_encryption';

export type SubmissionVerdict =
  | { ok: true; recipients: string[] }
  | { ok: false; code: VerificationCode; reason: string };

const TAG = {
  publicKeyEncryptedSessionKey: 1,
  symEncryptedSessionKey: 3,
  symmetricallyEncryptedData: 9,
  symEncryptedIntegrityProtectedData: 18,
  aeadEncryptedData: 20,
} as const;

/**
 * Smallest possible SEIPD v1 body: version octet, then for a 16-octet block cipher the
 * 18-octet random prefix, and the 22-octet modification detection code packet.
 */
const MIN_SEIPD_V1_LENGTH = 1 + 18 + 22;

const reject = (code: VerificationCode, reason: string): SubmissionVerdict => ({ ok: false, code, reason });

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function verifySubmission(body: Uint8Array, recipients: readonly RecipientKey[]): SubmissionVerdict {
  const armour = dearmourMessage(body);
  if (!armour.ok) {
    return armour.problem === 'armour_headers'
      ? reject('cleartext_present', 'armour headers are readable text outside the encryption')
      : reject('not_openpgp', `armour: ${armour.problem}`);
  }
  const packets = armour.packets;

  // A well-formed submission has one packet per recipient plus the data packet; a little
  // slack lets the verdict name the real problem rather than "too many packets".
  const framing = readPacketFrames(packets, recipients.length + 8);
  if (!framing.ok) {
    return framing.problem === 'too_many_packets'
      ? reject('cleartext_present', 'more packets than the recipients and one encrypted data packet')
      : reject('not_openpgp', `packet framing: ${framing.problem}`);
  }

  const sessionKeyPackets: PacketFrame[] = [];
  let dataPacket: PacketFrame | undefined;
  for (const frame of framing.frames) {
    switch (frame.tag) {
      case TAG.publicKeyEncryptedSessionKey:
        if (dataPacket) return reject('not_openpgp', 'session key packet after the encrypted data');
        sessionKeyPackets.push(frame);
        break;
      case TAG.symEncryptedSessionKey:
        return reject('password_encrypted', 'symmetric-key encrypted session key packet');
      case TAG.symEncryptedIntegrityProtectedData:
        if (dataPacket) return reject('not_openpgp', 'more than one encrypted data packet');
        dataPacket = frame;
        break;
      case TAG.symmetricallyEncryptedData:
        return reject('unsupported_encryption', 'encrypted data without integrity protection');
      case TAG.aeadEncryptedData:
        return reject('unsupported_encryption', 'non-standard AEAD encrypted data packet');
      default:
        return reject('cleartext_present', `packet type ${frame.tag} outside the encryption`);
    }
  }

  if (!dataPacket) return reject('not_encrypted', 'no encrypted data packet');
  if (dataPacket.firstBodyByte === 2) return reject('unsupported_encryption', 'SEIPD version 2');
  if (dataPacket.firstBodyByte !== 1) return reject('not_openpgp', 'unknown SEIPD version');
  if (dataPacket.bodyLength < MIN_SEIPD_V1_LENGTH) return reject('not_openpgp', 'encrypted data too short to be complete');
  if (sessionKeyPackets.length === 0) return reject('wrong_recipients', 'no public-key encrypted session key');

  const addressed = new Set<string>();
  for (const frame of sessionKeyPackets) {
    const bytes = packets.subarray(frame.bodyStart, frame.bodyStart + frame.bodyLength);
    const sessionKey = new PublicKeyEncryptedSessionKeyPacket();
    try {
      sessionKey.read(bytes);
    } catch {
      return reject('not_openpgp', 'unreadable session key packet');
    }
    // Fields OpenPGP.js keeps off its public type: read them through a narrow view.
    const parsed = sessionKey as unknown as {
      version: number;
      publicKeyID: { toHex(): string; isWildcard(): boolean };
      publicKeyAlgorithm: number;
      write(): Uint8Array;
    };
    // Writing the parsed packet back must give the same bytes: anything OpenPGP.js did
    // not read (trailing bytes after the encrypted session key) would otherwise ride along.
    let rewritten: Uint8Array;
    try {
      rewritten = parsed.write();
    } catch {
      return reject('not_openpgp', 'unreadable session key packet');
    }
    if (!sameBytes(rewritten, bytes)) return reject('not_openpgp', 'session key packet carries unparsed bytes');
    if (parsed.version !== 3) return reject('unsupported_encryption', `session key packet version ${parsed.version}`);
    if (parsed.publicKeyID.isWildcard()) return reject('wrong_recipients', 'anonymous recipient');

    const keyID = parsed.publicKeyID.toHex();
    const recipient = recipients.find((candidate) =>
      candidate.encryptionKeys.some((key) => key.keyID === keyID && key.algorithm === parsed.publicKeyAlgorithm),
    );
    if (!recipient) return reject('wrong_recipients', 'a session key is encrypted to a key that is not a recipient');
    if (addressed.has(recipient.fingerprint)) return reject('wrong_recipients', 'a recipient is addressed twice');
    addressed.add(recipient.fingerprint);
  }
  if (addressed.size !== recipients.length) return reject('wrong_recipients', 'not encrypted to every recipient key');

  return { ok: true, recipients: [...addressed] };
}
