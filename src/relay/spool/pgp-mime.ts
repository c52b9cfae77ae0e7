import { startOfHour } from './start-of-hour.ts';

/**
 * Wraps an accepted armoured message as the mail the organisation receives: an RFC 3156
 * PGP/MIME message, which Thunderbird, GnuPG-based clients and Mailvelope decrypt
 * natively.
 *
 * The outer headers say nothing about the content: a generic Subject (the real one is a
 * protected header inside the encryption), a Date rounded down to the hour like the
 * record inside, and a Message-ID derived from the submission id, so that a copy sent
 * again after a lost SMTP acknowledgement is recognisably the same message.
 *
 * Lines end in LF, as Maildir files do; the SMTP client turns them into CRLF on the wire.
 */

export const OUTER_SUBJECT = 'Encrypted submission';

export interface PgpMimeEnvelope {
  /** The submission id (32 lower-case hex digits), derived from the message: a retry of the same bytes has the same one. */
  id: string;
  /** Sender address, also the domain of the Message-ID. */
  from: string;
  /** Recipient addresses; none when the Maildir itself is the mailbox. */
  to: readonly string[];
  /** When the submission was accepted. */
  acceptedAt: Date;
}

/** The Message-ID of a submission: `<id@domain of the sender>`. */
export function messageIdFor(id: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'localhost';
  return `<${id}@${domain}>`;
}

/** RFC 5322 date, in UTC, rounded down to the hour. */
export function hourRoundedMailDate(when: Date): string {
  return startOfHour(when).toUTCString().replace(/ GMT$/, ' +0000');
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The armour block alone, with LF line ends. `verifySubmission` has already checked
 * that only whitespace surrounds the block and that a CR can only precede an LF, so
 * dropping every CR and trimming the edges changes nothing but line ends.
 */
export function armourWithUnixLineEnds(armoured: Uint8Array): Uint8Array {
  let start = 0;
  let end = armoured.length;
  while (start < end && WHITESPACE.has(armoured[start]!)) start++;
  while (end > start && WHITESPACE.has(armoured[end - 1]!)) end--;
  const block = armoured.subarray(start, end);
  if (!block.includes(0x0d)) return block;
  const out = new Uint8Array(block.length);
  let length = 0;
  for (const byte of block) if (byte !== 0x0d) out[length++] = byte;
  return out.subarray(0, length);
}

/**
 * The whole message, ready for the Maildir and for SMTP, as consecutive pieces: the
 * armoured block (up to 35 MB) is passed through rather than copied into one buffer.
 */
export function wrapAsPgpMime(armoured: Uint8Array, envelope: PgpMimeEnvelope): Uint8Array[] {
  // "." cannot occur in base64 or in the armour lines, so the boundary can never collide.
  const boundary = `ngao.${envelope.id}`;
  const head = [
    `Message-ID: ${messageIdFor(envelope.id, envelope.from)}`,
    `Date: ${hourRoundedMailDate(envelope.acceptedAt)}`,
    `From: Ngao relay <${envelope.from}>`,
    `To: ${envelope.to.length > 0 ? envelope.to.join(', ') : 'undisclosed-recipients:;'}`,
    `Subject: ${OUTER_SUBJECT}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="${boundary}"`,
    '',
    'This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)',
    `--${boundary}`,
    'Content-Type: application/pgp-encrypted',
    'Content-Description: PGP/MIME version identification',
    '',
    'Version: 1',
    '',
    `--${boundary}`,
    'Content-Type: application/octet-stream; name="encrypted.asc"',
    'Content-Description: OpenPGP encrypted message',
    'Content-Disposition: inline; filename="encrypted.asc"',
    '',
    '',
  ].join('\n');
  const tail = `\n--${boundary}--\n`;
  return [Buffer.from(head, 'ascii'), armourWithUnixLineEnds(armoured), Buffer.from(tail, 'ascii')];
}
