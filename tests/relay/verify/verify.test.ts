// The acceptance rule, as a pure function: real messages from OpenPGP.js and GnuPG pass,
// and every way of putting something readable (or unreadable for the organisation) into
// the spool is refused with its stable code.
import { randomBytes } from 'node:crypto';
import { armor, createMessage, encrypt, enums } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc24, dearmourMessage } from '../../../src/relay/verify/armour.ts';
import { readPacketFrames } from '../../../src/relay/verify/packet-frames.ts';
import { describeRecipients } from '../../../src/relay/verify/recipients.ts';
import { verifySubmission, type RecipientKey } from '../../../src/relay/verify/verify.ts';
import { encryptArmoured } from '../../support/encrypt.ts';
import { gpgEncrypt } from '../../support/gpg.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';

let organisation: TestRecipient;
let colleague: TestRecipient;
let stranger: TestRecipient;
let rsaOrganisation: TestRecipient;
let justOrganisation: RecipientKey[];
let both: RecipientKey[];

const bytes = (text: string) => new TextEncoder().encode(text);

beforeAll(async () => {
  [organisation, colleague, stranger, rsaOrganisation] = await Promise.all([
    makeRecipient('Organisation'),
    makeRecipient('Colleague'),
    makeRecipient('Stranger'),
    makeRecipient('RSA organisation', 'rsa3072'),
  ]);
  justOrganisation = await describeRecipients([organisation.publicKey]);
  both = await describeRecipients([organisation.publicKey, colleague.publicKey]);
});

/** Packet bytes of an armoured message. */
function packetsOf(armoured: string): Uint8Array {
  const result = dearmourMessage(bytes(armoured));
  if (!result.ok) throw new Error(`test message does not dearmour: ${result.problem}`);
  return result.packets;
}

/** A packet in OpenPGP format with a five-octet length. */
function packet(tag: number, body: Uint8Array): Uint8Array {
  const header = new Uint8Array([0xc0 | tag, 0xff, body.length >>> 24, (body.length >>> 16) & 0xff, (body.length >>> 8) & 0xff, body.length & 0xff]);
  return Buffer.concat([header, body]);
}

/** Splits packets into whole packets (header + body), using the framing reader. */
function splitPackets(packets: Uint8Array): { tag: number; body: Uint8Array }[] {
  const framing = readPacketFrames(packets, 100);
  if (!framing.ok) throw new Error(framing.problem);
  return framing.frames.map((frame) => {
    if (!frame.contiguous) throw new Error('test helper expects definite lengths');
    return { tag: frame.tag, body: packets.slice(frame.bodyStart, frame.bodyStart + frame.bodyLength) };
  });
}

const rearmour = (packets: Uint8Array) => armor(enums.armor.message, packets);
const join = (...parts: Uint8Array[]) => Buffer.concat(parts);

describe('verifySubmission accepts', () => {
  it('an OpenPGP.js message to the recipient key', async () => {
    const verdict = verifySubmission(bytes(await encryptArmoured('testimony', [organisation.publicKey])), justOrganisation);
    expect(verdict).toEqual({ ok: true, recipients: [organisation.fingerprint] });
  });

  it('a message to every recipient key when there are several', async () => {
    const verdict = verifySubmission(bytes(await encryptArmoured('testimony', [organisation.publicKey, colleague.publicKey])), both);
    expect(verdict.ok).toBe(true);
  });

  it('an RSA-3072 recipient, and a signed message (the signature is inside the encryption)', async () => {
    const rsa = await describeRecipients([rsaOrganisation.publicKey]);
    expect(verifySubmission(bytes(await encryptArmoured('testimony', [rsaOrganisation.publicKey])), rsa).ok).toBe(true);
    const signed = await encrypt({
      message: await createMessage({ text: 'signed testimony' }),
      encryptionKeys: organisation.publicKey,
      signingKeys: stranger.privateKey,
    });
    expect(verifySubmission(bytes(signed), justOrganisation).ok).toBe(true);
  });

  it('messages encrypted by GnuPG (64-column armour with a CRC-24 line), Curve25519 and RSA', async () => {
    const curve = gpgEncrypt([organisation.armoredPublicKey], [organisation.fingerprint], 'from gpg');
    expect(curve).toMatch(/\n=[A-Za-z0-9+/]{4}\n-----END PGP MESSAGE-----/);
    expect(verifySubmission(bytes(curve), justOrganisation).ok).toBe(true);
    const rsa = gpgEncrypt([rsaOrganisation.armoredPublicKey], [rsaOrganisation.fingerprint], 'from gpg');
    expect(verifySubmission(bytes(rsa), await describeRecipients([rsaOrganisation.publicKey])).ok).toBe(true);
  });

  it('CRLF line ends and surrounding whitespace', async () => {
    const armoured = (await encryptArmoured('testimony', [organisation.publicKey])).replace(/\n/g, '\r\n');
    expect(verifySubmission(bytes(`\r\n  ${armoured}\r\n\r\n`), justOrganisation).ok).toBe(true);
  });

  it('a large message, with partial body lengths (GnuPG streams its encrypted data)', async () => {
    const large = gpgEncrypt([organisation.armoredPublicKey], [organisation.fingerprint], randomBytes(3 * 1024 * 1024));
    const frames = readPacketFrames(packetsOf(large), 10);
    expect(frames.ok && frames.frames.some((frame) => !frame.contiguous)).toBe(true);
    expect(verifySubmission(bytes(large), justOrganisation).ok).toBe(true);
  });
});

describe('verifySubmission refuses', () => {
  async function armouredToOrganisation(): Promise<string> {
    return encryptArmoured('a testimony', [organisation.publicKey]);
  }

  it('messages to other keys, to too few or too many recipients', async () => {
    const toStranger = await encryptArmoured('x', [stranger.publicKey]);
    expect(verifySubmission(bytes(toStranger), justOrganisation)).toMatchObject({ ok: false, code: 'wrong_recipients' });
    const toOneOfTwo = await encryptArmoured('x', [organisation.publicKey]);
    expect(verifySubmission(bytes(toOneOfTwo), both)).toMatchObject({ ok: false, code: 'wrong_recipients' });
    const withExtra = await encryptArmoured('x', [organisation.publicKey, stranger.publicKey]);
    expect(verifySubmission(bytes(withExtra), justOrganisation)).toMatchObject({ ok: false, code: 'wrong_recipients' });
  });

  it('a recipient addressed twice, and an anonymous ("wildcard") recipient', async () => {
    const [pkesk, data] = splitPackets(packetsOf(await armouredToOrganisation()));
    const twice = rearmour(join(packet(1, pkesk!.body), packet(1, pkesk!.body), packet(data!.tag, data!.body)));
    expect(verifySubmission(bytes(twice), justOrganisation)).toMatchObject({ ok: false, code: 'wrong_recipients' });
    const anonymous = Uint8Array.from(pkesk!.body);
    anonymous.fill(0, 1, 9); // version octet, then the 8-octet key ID
    const wildcard = rearmour(join(packet(1, anonymous), packet(data!.tag, data!.body)));
    expect(verifySubmission(bytes(wildcard), justOrganisation)).toMatchObject({ ok: false, code: 'wrong_recipients' });
  });

  it('password-encrypted messages, alone or beside a public-key session key', async () => {
    const passwordOnly = await encrypt({ message: await createMessage({ text: 'x' }), passwords: ['secret'] });
    expect(verifySubmission(bytes(passwordOnly), justOrganisation)).toMatchObject({ ok: false, code: 'password_encrypted' });
    const mixed = await encrypt({ message: await createMessage({ text: 'x' }), passwords: ['secret'], encryptionKeys: organisation.publicKey });
    expect(verifySubmission(bytes(mixed), justOrganisation)).toMatchObject({ ok: false, code: 'password_encrypted' });
  });

  it('plaintext: a literal data packet, a compressed packet, a clear-signed text', async () => {
    const literal = rearmour((await createMessage({ text: 'my name and address' })).write());
    expect(verifySubmission(bytes(literal), justOrganisation)).toMatchObject({ ok: false, code: 'cleartext_present' });
    const compressed = rearmour(packet(8, new Uint8Array([1, 0x63, 0x60, 0x00])));
    expect(verifySubmission(bytes(compressed), justOrganisation)).toMatchObject({ ok: false, code: 'cleartext_present' });
    const clearSigned = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nmy name\n-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n';
    expect(verifySubmission(bytes(clearSigned), justOrganisation)).toMatchObject({ ok: false, code: 'not_openpgp' });
  });

  it('packets beside the encryption that OpenPGP.js would silently skip: marker, padding, literal, unknown', async () => {
    const packets = packetsOf(await armouredToOrganisation());
    const readable = bytes('Name: A. Person, phone +000');
    const cases = {
      marker: join(packet(10, bytes('PGP')), packets),
      padding: join(packets, packet(21, readable)),
      literalAfter: join(packets, packet(11, join(new Uint8Array([0x62, 0, 0, 0, 0, 0]), readable))),
      unknownNonCritical: join(packets, packet(60, readable)),
      userId: join(packet(13, readable), packets),
    };
    for (const [name, variant] of Object.entries(cases)) {
      expect(verifySubmission(bytes(rearmour(variant)), justOrganisation), name).toMatchObject({ ok: false, code: 'cleartext_present' });
    }
  });

  it('readable text in the armour: headers, text before BEGIN or after END', async () => {
    const armoured = await armouredToOrganisation();
    const withHeader = armoured.replace('-----BEGIN PGP MESSAGE-----\n', '-----BEGIN PGP MESSAGE-----\nComment: Jane Doe, Kampala\n');
    expect(verifySubmission(bytes(withHeader), justOrganisation)).toMatchObject({ ok: false, code: 'cleartext_present' });
    expect(verifySubmission(bytes(`Jane Doe\n${armoured}`), justOrganisation)).toMatchObject({ ok: false, code: 'not_openpgp' });
    expect(verifySubmission(bytes(`${armoured}Jane Doe\n`), justOrganisation)).toMatchObject({ ok: false, code: 'not_openpgp' });
  });

  it('bytes OpenPGP.js would not read inside a session key packet', async () => {
    const [pkesk, data] = splitPackets(packetsOf(await armouredToOrganisation()));
    const padded = rearmour(join(packet(1, join(pkesk!.body, bytes('Jane'))), packet(data!.tag, data!.body)));
    expect(verifySubmission(bytes(padded), justOrganisation)).toMatchObject({ ok: false, code: 'not_openpgp' });
  });

  it('encryption the organisation may not be able to read: SEIPD v2, no integrity protection, AEAD packet', async () => {
    const [pkesk, data] = splitPackets(packetsOf(await armouredToOrganisation()));
    const v2Body = Uint8Array.from(data!.body);
    v2Body[0] = 2;
    const cases = {
      seipdV2: join(packet(1, pkesk!.body), packet(18, v2Body)),
      unprotected: join(packet(1, pkesk!.body), packet(9, data!.body.subarray(1))),
      aead: join(packet(1, pkesk!.body), packet(20, data!.body)),
    };
    for (const [name, variant] of Object.entries(cases)) {
      expect(verifySubmission(bytes(rearmour(variant)), justOrganisation), name).toMatchObject({ ok: false, code: 'unsupported_encryption' });
    }
  });

  it('no encrypted data, two encrypted data packets, session keys after the data', async () => {
    const [pkesk, data] = splitPackets(packetsOf(await armouredToOrganisation()));
    expect(verifySubmission(bytes(rearmour(packet(1, pkesk!.body))), justOrganisation)).toMatchObject({ code: 'not_encrypted' });
    const twoData = join(packet(1, pkesk!.body), packet(18, data!.body), packet(18, data!.body));
    expect(verifySubmission(bytes(rearmour(twoData)), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
    const reversed = join(packet(18, data!.body), packet(1, pkesk!.body));
    expect(verifySubmission(bytes(rearmour(reversed)), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
    expect(verifySubmission(bytes(rearmour(packet(18, data!.body))), justOrganisation)).toMatchObject({ code: 'wrong_recipients' });
  });

  it('incomplete messages: truncated armour, truncated packets, a wrong CRC, a missing END line', async () => {
    const armoured = await armouredToOrganisation();
    const lines = armoured.trimEnd().split('\n');
    const truncatedArmour = lines.slice(0, -3).join('\n') + '\n-----END PGP MESSAGE-----\n';
    expect(verifySubmission(bytes(truncatedArmour), justOrganisation)).toMatchObject({ ok: false, code: 'not_openpgp' });
    const packets = packetsOf(armoured);
    expect(verifySubmission(bytes(rearmour(packets.subarray(0, packets.length - 5))), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
    expect(verifySubmission(bytes(armoured.slice(0, armoured.length - 40)), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
    const crc = crc24(packets) ^ 1;
    const wrongCrc = armoured.replace(
      '-----END PGP MESSAGE-----',
      `=${Buffer.from([crc >>> 16, (crc >>> 8) & 0xff, crc & 0xff]).toString('base64')}\n-----END PGP MESSAGE-----`,
    );
    expect(verifySubmission(bytes(wrongCrc), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
  });

  it('armour that breaks the format: long lines, stray characters, padding in the middle', async () => {
    const armoured = await armouredToOrganisation();
    const [head, ...rest] = armoured.split('\n\n');
    const body = rest.join('\n\n');
    const oneLine = `${head}\n\n${body.replace(/\n(?!-----END)/g, '')}`;
    expect(verifySubmission(bytes(oneLine), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
    const stray = armoured.replace(/\n([A-Za-z0-9+/]{10})/, '\n$1 Jane ');
    expect(verifySubmission(bytes(stray), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
    const innerPadding = armoured.replace(/\n([A-Za-z0-9+/]{8})([A-Za-z0-9+/]{4})/, '\n$1AA==');
    expect(verifySubmission(bytes(innerPadding), justOrganisation)).toMatchObject({ code: 'not_openpgp' });
  });

  it('things that are not OpenPGP at all: empty, random bytes, JSON, a binary (unarmoured) message, a public key', async () => {
    const binary = await encrypt({ message: await createMessage({ text: 'x' }), encryptionKeys: organisation.publicKey, format: 'binary' });
    for (const body of [new Uint8Array(), crypto.getRandomValues(new Uint8Array(4096)), bytes('{"text":"hello"}'), binary, bytes(organisation.armoredPublicKey)]) {
      expect(verifySubmission(body, justOrganisation)).toMatchObject({ ok: false, code: 'not_openpgp' });
    }
  });

  it('a message made of many tiny packets, without reading them all', () => {
    const many = join(...Array.from({ length: 50_000 }, () => packet(10, bytes('PGP'))));
    expect(verifySubmission(bytes(rearmour(many)), justOrganisation)).toMatchObject({ code: 'cleartext_present' });
  });
});

describe('armour', () => {
  /** The checksum one byte at a time, straight from RFC 9580 §6.1, to check the fast one against. */
  function referenceCrc24(data: Uint8Array): number {
    let crc = 0xb704ce;
    for (const byte of data) {
      crc ^= byte << 16;
      for (let bit = 0; bit < 8; bit++) {
        crc <<= 1;
        if (crc & 0x1000000) crc ^= 0x1864cfb;
      }
    }
    return crc & 0xffffff;
  }

  it('computes the CRC-24 GnuPG writes, and the same as the reference for every length', () => {
    const armoured = gpgEncrypt([organisation.armoredPublicKey], [organisation.fingerprint], 'checksum');
    const written = /\n=([A-Za-z0-9+/]{4})\n-----END/.exec(armoured)![1]!;
    const crc = crc24(packetsOf(armoured));
    expect(Buffer.from([crc >>> 16, (crc >>> 8) & 0xff, crc & 0xff]).toString('base64')).toBe(written);
    const data = randomBytes(300);
    for (let length = 0; length <= data.length; length++) expect(crc24(data.subarray(0, length))).toBe(referenceCrc24(data.subarray(0, length)));
  });

  it('decodes a message of several megabytes (decoded segment by segment) to exactly its packets', () => {
    const packets = randomBytes(5 * 1024 * 1024 + 7);
    // Lines of 64 characters, as GnuPG writes them, and of 76, which are not a multiple of 4.
    for (const width of [64, 76]) {
      const lines = packets.toString('base64').match(new RegExp(`.{1,${width}}`, 'g'))!;
      const armoured = `-----BEGIN PGP MESSAGE-----\n\n${lines.join('\n')}\n-----END PGP MESSAGE-----\n`;
      const result = dearmourMessage(bytes(armoured));
      expect(result.ok && Buffer.from(result.packets).equals(packets), `width ${width}`).toBe(true);
    }
  });
});
