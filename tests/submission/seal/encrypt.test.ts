import * as openpgp from 'openpgp';
import { describe, expect, it } from 'vitest';
import { encryptSubmission, SubmissionEncryptionError, type PinnedRecipients } from '../../../src/submission/seal/encrypt.ts';

const now = new Date('2026-03-14T09:41:27Z');
const entity = new TextEncoder().encode('Content-Type: text/plain\r\n\r\nsecret testimony\r\n');

async function keyPair(options: { aeadProtect?: boolean; keyExpirationTime?: number; v6?: boolean } = {}) {
  const { privateKey, publicKey } = await openpgp.generateKey({
    type: options.v6 ? 'curve25519' : 'ecc',
    ...(options.v6 ? {} : { curve: 'curve25519Legacy' as const }),
    userIDs: [{ name: 'Recipient', email: 'recipient@test.ngao.example' }],
    date: new Date('2026-01-01T00:00:00Z'),
    keyExpirationTime: options.keyExpirationTime ?? 0,
    config: { aeadProtect: options.aeadProtect ?? false, v6Keys: options.v6 ?? false },
    format: 'object',
  });
  return { privateKey, publicKey, pin: publicKey.getFingerprint(), armored: publicKey.armor() };
}

const [first, second] = await Promise.all([keyPair(), keyPair()]);

async function refusal(recipients: PinnedRecipients, at = now): Promise<string> {
  try {
    await encryptSubmission(entity, recipients, { openpgp, now: at });
  } catch (error) {
    if (error instanceof SubmissionEncryptionError) return error.code;
    throw error;
  }
  return 'encrypted';
}

/** Packet tag and version of every top-level packet, e.g. ["1v3", "18v1"]. */
async function packetShape(armored: string): Promise<string[]> {
  const message = await openpgp.readMessage({ armoredMessage: armored });
  return [...message.packets].map((packet) => `${(packet.constructor as unknown as { tag: number }).tag}v${(packet as { version?: number }).version}`);
}

describe('encryptSubmission', () => {
  it('encrypts to every recipient at once: v3 session keys and one SEIPD v1 packet', async () => {
    const armored = await encryptSubmission(entity, { pinnedFingerprints: [first.pin, second.pin], armoredKeys: [first.armored, second.armored] }, { openpgp, now });
    expect(armored).toMatch(/^-----BEGIN PGP MESSAGE-----\n/);
    expect(armored.trimEnd()).toMatch(/-----END PGP MESSAGE-----$/);
    expect(await packetShape(armored)).toEqual(['1v3', '1v3', '18v1']);
    for (const { privateKey } of [first, second]) {
      const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: privateKey, format: 'binary' });
      expect(data).toEqual(entity);
    }
  });

  it('does not compress, and dates the literal data to the hour', async () => {
    const armored = await encryptSubmission(entity, { pinnedFingerprints: [first.pin], armoredKeys: [first.armored] }, { openpgp, now });
    const decrypted = await (await openpgp.readMessage({ armoredMessage: armored })).decrypt([first.privateKey]);
    const inner = [...decrypted.packets];
    expect(inner.map((packet) => (packet.constructor as unknown as { tag: number }).tag)).toEqual([11]); // literal data only, no compressed packet (8)
    expect((inner[0] as unknown as { date: Date }).date.toISOString()).toBe('2026-03-14T09:00:00.000Z');
  });

  it('produces ciphertexts of equal length for plaintexts of equal length (padding keeps its meaning)', async () => {
    const other = new Uint8Array(entity.length).fill(0x41);
    const recipients = { pinnedFingerprints: [first.pin], armoredKeys: [first.armored] };
    const [a, b] = await Promise.all([encryptSubmission(entity, recipients, { openpgp, now }), encryptSubmission(other, recipients, { openpgp, now })]);
    expect(a.length).toBe(b.length);
  });

  it('uses SEIPD v1 even for a key that advertises SEIPDv2, which GnuPG 2.2 could not read', async () => {
    const modern = await keyPair({ aeadProtect: true });
    // Left to itself, OpenPGP.js picks SEIPDv2 for this key:
    const unguarded = await openpgp.encrypt({ message: await openpgp.createMessage({ binary: entity }), encryptionKeys: modern.publicKey });
    expect((await packetShape(unguarded as string)).at(-1)).toBe('18v2');
    const armored = await encryptSubmission(entity, { pinnedFingerprints: [modern.pin], armoredKeys: [modern.armored] }, { openpgp, now });
    expect(await packetShape(armored)).toEqual(['1v3', '18v1']);
    const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: modern.privateKey, format: 'binary' });
    expect(data).toEqual(entity);
  });

  it('refuses to run without keys or pins', async () => {
    expect(await refusal({ pinnedFingerprints: [], armoredKeys: [] })).toBe('no_keys');
    expect(await refusal({ pinnedFingerprints: [first.pin], armoredKeys: [] })).toBe('no_keys');
    expect(await refusal({ pinnedFingerprints: [], armoredKeys: [first.armored] })).toBe('no_keys');
  });

  it('refuses a fetched key that does not match the pins, and a pinned key that is missing', async () => {
    expect(await refusal({ pinnedFingerprints: [first.pin], armoredKeys: [second.armored] })).toBe('key_not_pinned');
    expect(await refusal({ pinnedFingerprints: [first.pin, second.pin], armoredKeys: [first.armored] })).toBe('pinned_key_missing');
    expect(await refusal({ pinnedFingerprints: ['ABCD'], armoredKeys: [first.armored] })).toBe('invalid_pin');
  });

  it('accepts pins as people write them (groups, lower case)', async () => {
    const grouped = first.pin.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect(await refusal({ pinnedFingerprints: [grouped], armoredKeys: [first.armored] })).toBe('encrypted');
  });

  it('refuses private keys, garbage, several keys in one file, v6 keys and expired keys', async () => {
    expect(await refusal({ pinnedFingerprints: [first.pin], armoredKeys: [first.privateKey.armor()] })).toBe('key_unreadable');
    expect(await refusal({ pinnedFingerprints: [first.pin], armoredKeys: ['not a key'] })).toBe('key_unreadable');
    const twoKeysInOneBlock = openpgp.armor(openpgp.enums.armor.publicKey, new Uint8Array([...first.publicKey.write(), ...second.publicKey.write()]));
    expect(await refusal({ pinnedFingerprints: [first.pin, second.pin], armoredKeys: [twoKeysInOneBlock] })).toBe('key_unreadable');
    const v6 = await keyPair({ v6: true });
    expect(await refusal({ pinnedFingerprints: [first.pin], armoredKeys: [v6.armored] })).toBe('key_not_v4');
    const shortLived = await keyPair({ keyExpirationTime: 24 * 3600 });
    expect(await refusal({ pinnedFingerprints: [shortLived.pin], armoredKeys: [shortLived.armored] })).toBe('key_unusable');
  });
});
