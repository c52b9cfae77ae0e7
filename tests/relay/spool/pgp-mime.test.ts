// The outer message: RFC 3156 structure, nothing about the content in its headers, a
// stable Message-ID, LF line ends, and the armour passed through unchanged.
import { describe, expect, it } from 'vitest';
import { armourWithUnixLineEnds, hourRoundedMailDate, messageIdFor, OUTER_SUBJECT, wrapAsPgpMime } from '../../../src/relay/spool/pgp-mime.ts';

const id = 'fedcba9876543210fedcba9876543210';
const armoured = '-----BEGIN PGP MESSAGE-----\n\nhF4DAAAAAAAAAAASAQdA\n-----END PGP MESSAGE-----';

function wrap(body: string, to: string[] = ['reports@example.org']): string {
  return Buffer.concat(
    wrapAsPgpMime(new TextEncoder().encode(body), { id, from: 'relay@example.org', to, acceptedAt: new Date('2026-11-22T10:47:31Z') }),
  ).toString('ascii');
}

describe('wrapAsPgpMime', () => {
  it('writes a multipart/encrypted message with the version part and encrypted.asc', () => {
    const message = wrap(armoured);
    const head = message.slice(0, message.indexOf('\n\n'));
    const body = message.slice(message.indexOf('\n\n') + 2);
    expect(head.split('\n')).toEqual([
      `Message-ID: <${id}@example.org>`,
      'Date: Sun, 22 Nov 2026 10:00:00 +0000',
      'From: Ngao relay <relay@example.org>',
      'To: reports@example.org',
      `Subject: ${OUTER_SUBJECT}`,
      'MIME-Version: 1.0',
      `Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="ngao.${id}"`,
    ]);
    expect(body).toContain(`--ngao.${id}\nContent-Type: application/pgp-encrypted\n`);
    expect(body).toContain('\nVersion: 1\n');
    expect(body).toContain('Content-Type: application/octet-stream; name="encrypted.asc"\n');
    expect(body).toContain(`Content-Disposition: inline; filename="encrypted.asc"\n\n${armoured}\n--ngao.${id}--\n`);
    expect(message).not.toContain('\r');
  });

  it('addresses undisclosed recipients when the Maildir is the mailbox', () => {
    expect(wrap(armoured, [])).toContain('\nTo: undisclosed-recipients:;\n');
  });

  it('normalises CRLF armour and trims surrounding whitespace without copying when there is nothing to change', () => {
    const crlf = new TextEncoder().encode(`\r\n${armoured.replace(/\n/g, '\r\n')}\r\n\r\n`);
    expect(new TextDecoder().decode(armourWithUnixLineEnds(crlf))).toBe(armoured);
    const clean = new TextEncoder().encode(armoured);
    expect(armourWithUnixLineEnds(clean).buffer).toBe(clean.buffer);
  });
});

describe('outer headers', () => {
  it('derive the Message-ID from the submission id and the sender domain', () => {
    expect(messageIdFor(id, 'relay@mail.example.org')).toBe(`<${id}@mail.example.org>`);
  });

  it('round the Date down to the hour, in UTC', () => {
    expect(hourRoundedMailDate(new Date('2026-01-05T23:59:59.999Z'))).toBe('Mon, 05 Jan 2026 23:00:00 +0000');
  });
});
