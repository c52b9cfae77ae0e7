// Recipient keys: the bad-key corpus (made once with GnuPG and OpenPGP.js, public keys
// only, tests/fixtures/keys/) must each be refused with a sentence that names the file
// and the reason; good keys from GnuPG and OpenPGP.js must pass.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AstroIntegrationLogger } from 'astro';
import * as openpgp from 'openpgp';
import { afterAll, describe, expect, it } from 'vitest';
import { recipientKeysIntegration } from '../../src/integrations/recipient-keys.ts';
import { demoKeyUserId, ensureDemoKey } from '../../src/keys/demo-key.ts';
import { formatFingerprintForReading } from '../../src/keys/fingerprint.ts';
import { loadRecipientKeys, RecipientKeysError } from '../../src/keys/load.ts';
import { RecipientKeyError, validateRecipientKey } from '../../src/keys/validate.ts';
import { generateGpgKey } from '../support/gpg.ts';

const corpus = new URL('../fixtures/keys/', import.meta.url).pathname;
// The corpus and the GnuPG keys are made at the real time, so the checks run at the real time too.
const now = new Date();
const yesterday = new Date(now.getTime() - 86_400_000);
const scratch = mkdtempSync(join(tmpdir(), 'ngao-keys-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folderCount = 0;
function folderWith(files: Record<string, string>): string {
  const folder = join(scratch, `keys-${folderCount++}`);
  mkdirSync(folder, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

async function reasonFor(armored: string): Promise<string> {
  try {
    await validateRecipientKey(armored, now);
    return 'accepted';
  } catch (error) {
    if (error instanceof RecipientKeyError) return error.reason;
    throw error;
  }
}

const generate = (options: Omit<Parameters<typeof openpgp.generateKey>[0], 'userIDs' | 'format'>) =>
  openpgp.generateKey({ userIDs: [{ name: 'Test', email: 'test@test.ngao.example' }], date: yesterday, ...options, format: 'object' });

describe('the bad-key corpus', () => {
  const expected: Record<string, RegExp> = {
    'expired.asc': /expired on 2020-01-02/,
    'revoked.asc': /revoked/,
    'sign-only.asc': /no valid key that can encrypt/,
    'v6.asc': /version 6 key/,
    'rsa2048.asc': /RSA 2048-bit, weaker than the 3072 bits/,
  };

  it.each(Object.entries(expected))('%s is refused, naming the file and the reason', async (file, reason) => {
    const folder = folderWith({ 'good.txt': 'not a key, ignored' });
    copyFileSync(join(corpus, file), join(folder, file));
    const attempt = loadRecipientKeys(folder, now);
    await expect(attempt).rejects.toBeInstanceOf(RecipientKeysError);
    const error = (await attempt.catch((e: unknown) => e)) as RecipientKeysError;
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(join(folder, file));
    expect(error.problems[0]).toMatch(reason);
  });

  it('every bad file is listed at once', async () => {
    const error = (await loadRecipientKeys(corpus, now).catch((e: unknown) => e)) as RecipientKeysError;
    expect(error.problems.map((line) => line.split(': ')[0]!.split('/').pop())).toEqual(Object.keys(expected).sort());
    expect(error.message).toMatch(/^Recipient keys refused:\n {2}/);
  });
});

describe('validateRecipientKey', () => {
  it('accepts a Curve25519 key made by GnuPG and describes it', async () => {
    const armored = generateGpgKey(join(scratch, 'gnupg-cv25519'), 'curve25519', 'org@test.ngao.example');
    const info = await validateRecipientKey(armored, now);
    expect(info).toMatchObject({ algorithm: 'curve25519', bits: 255, expires: null, isDemo: false, userIDs: ['Ngao test curve25519 <org@test.ngao.example>'] });
    expect(info.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const listed = execFileSync('gpg', ['--with-colons', '--show-keys'], { input: armored, encoding: 'utf8' });
    expect(listed).toContain(`fpr:::::::::${info.fingerprint}:`);
    expect(listed).toMatch(new RegExp(`^sub:[^:]*:255:18:${info.encryptionKeyId.toUpperCase()}:`, 'm')); // the cv25519 subkey
    expect(info.armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  });

  it('accepts RSA 3072 and reports the expiry', async () => {
    const { publicKey } = await generate({ type: 'rsa', rsaBits: 3072, keyExpirationTime: 365 * 86_400 });
    const info = await validateRecipientKey(publicKey.armor(), now);
    expect(info).toMatchObject({ algorithm: 'rsa', bits: 3072 });
    expect(info.expires?.getTime()).toBe(Math.floor(yesterday.getTime() / 1000) * 1000 + 365 * 86_400_000);
  });

  it('refuses a private key, and says to remove it', async () => {
    const { privateKey } = await generate({ type: 'ecc', curve: 'curve25519Legacy' });
    expect(await reasonFor(privateKey.armor())).toMatch(/PRIVATE key\. Remove this file/);
  });

  it('refuses keys GnuPG 2.2 cannot use or that are too weak', async () => {
    const x25519 = await generate({ type: 'curve25519' }); // v4 key with RFC 9580 Ed25519/X25519
    expect(x25519.publicKey.keyPacket.version).toBe(4);
    expect(await reasonFor(x25519.publicKey.armor())).toMatch(/X25519 algorithm of RFC 9580/);
    const nist = await generate({ type: 'ecc', curve: 'nistP256' });
    expect(await reasonFor(nist.publicKey.armor())).toMatch(/ecdh on nistP256; only RSA of 3072 bits or more and Curve25519/);
  });

  it('refuses a key that accepts only SEIPDv2 messages', async () => {
    const { privateKey } = await generate({ type: 'ecc', curve: 'curve25519Legacy' });
    const user = privateKey.users[0]!;
    const selfSignature = user.selfCertifications[0]!;
    selfSignature.features = new Uint8Array([0x08]); // SEIPDv2 only, then sign the changed self-signature again
    selfSignature.rawNotations = [];
    // `sign` takes the configuration as a fifth argument that its type declaration leaves out.
    const sign = selfSignature.sign.bind(selfSignature) as (...args: unknown[]) => Promise<void>;
    await sign(privateKey.keyPacket, { userID: user.userID, key: privateKey.keyPacket }, selfSignature.created, false, openpgp.config);
    expect(await reasonFor(privateKey.toPublic().armor())).toMatch(/only accepts the new SEIPDv2 message format/);
  });

  it('refuses text that is not a key, and files with several keys', async () => {
    expect(await reasonFor('hello')).toMatch(/not an ASCII-armoured OpenPGP public key/);
    const [a, b] = await Promise.all([generate({ type: 'ecc', curve: 'curve25519Legacy' }), generate({ type: 'ecc', curve: 'curve25519Legacy' })]);
    const both = openpgp.armor(openpgp.enums.armor.publicKey, new Uint8Array([...a.publicKey.write(), ...b.publicKey.write()]));
    expect(await reasonFor(both)).toMatch(/holds 2 keys/);
  });
});

describe('loadRecipientKeys', () => {
  it('reads every .asc in name order, ignores other files, and finds nothing in a missing folder', async () => {
    const [a, b] = await Promise.all([generate({ type: 'ecc', curve: 'curve25519Legacy' }), generate({ type: 'ecc', curve: 'curve25519Legacy' })]);
    const folder = folderWith({ 'b.asc': b.publicKey.armor(), 'a.asc': a.publicKey.armor(), 'notes.md': '#', 'x.key': a.privateKey.armor() });
    const keys = await loadRecipientKeys(folder, now);
    expect(keys.map((key) => [key.file, key.fingerprint])).toEqual([
      [join(folder, 'a.asc'), a.publicKey.getFingerprint().toUpperCase()],
      [join(folder, 'b.asc'), b.publicKey.getFingerprint().toUpperCase()],
    ]);
    expect(await loadRecipientKeys(join(scratch, 'no-such-folder'), now)).toEqual([]);
  });

  it('refuses the same key twice', async () => {
    const { publicKey } = await generate({ type: 'ecc', curve: 'curve25519Legacy' });
    const folder = folderWith({ 'one.asc': publicKey.armor(), 'two.asc': publicKey.armor() });
    await expect(loadRecipientKeys(folder, now)).rejects.toThrow(/two\.asc: it is the same key as .*one\.asc/);
  });
});

describe('ensureDemoKey', () => {
  it('generates a v4 Curve25519 pair once, private half mode 0600, and reuses it', async () => {
    const folder = join(scratch, 'demo');
    const demo = await ensureDemoKey(folder);
    expect(demo.created).toBe(true);
    expect(demo.publicKeyFile).toBe(join(folder, `${demo.fingerprint}.asc`));
    expect(statSync(demo.privateKeyFile).mode & 0o777).toBe(0o600);
    const [info] = await loadRecipientKeys(folder, new Date());
    expect(info).toMatchObject({ fingerprint: demo.fingerprint, algorithm: 'curve25519', isDemo: true, userIDs: [`${demoKeyUserId.name} <${demoKeyUserId.email}>`] });

    const again = await ensureDemoKey(folder);
    expect(again).toMatchObject({ fingerprint: demo.fingerprint, created: false });

    // The private key reads what is encrypted to the public one (npm run inbox relies on it).
    const message = await openpgp.encrypt({ message: await openpgp.createMessage({ text: 'demo' }), encryptionKeys: await openpgp.readKey({ armoredKey: readFileSync(demo.publicKeyFile, 'utf8') }) });
    const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: readFileSync(demo.privateKeyFile, 'utf8') });
    expect((await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: message }), decryptionKeys })).data).toBe('demo');
  });

  it('never writes a private key into content/', async () => {
    await expect(ensureDemoKey('content/keys')).rejects.toThrow(/refusing to write a private key/);
  });
});

describe('the recipient-keys integration', () => {
  function logger() {
    const lines: string[] = [];
    const log = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
    const instance = { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug'), fork: () => instance, label: 'test', options: {} };
    return { lines, instance: instance as unknown as AstroIntegrationLogger };
  }
  const setup = (integration: ReturnType<typeof recipientKeysIntegration>, command: 'build' | 'dev', log: AstroIntegrationLogger) =>
    (integration.hooks['astro:config:setup'] as (options: unknown) => Promise<void>)({ command, logger: log, addWatchFile: () => {} });

  it('fails a build without a key, with a message that says what to do', async () => {
    const log = logger();
    await expect(setup(recipientKeysIntegration({ folder: join(scratch, 'empty') }), 'build', log.instance)).rejects.toThrow(/No recipient key in .*empty.*gpg --armor --export/);
  });

  it('fails a build on a bad key, naming the file', async () => {
    const log = logger();
    await expect(setup(recipientKeysIntegration({ folder: corpus }), 'build', log.instance)).rejects.toThrow(/expired\.asc: it expired on 2020-01-02/);
    expect(log.lines.some((line) => line.startsWith('error: Recipient keys refused'))).toBe(true);
  });

  it('publishes each key at keys/<FINGERPRINT>.asc when the build is done', async () => {
    const { publicKey } = await generate({ type: 'ecc', curve: 'curve25519Legacy' });
    const integration = recipientKeysIntegration({ folder: folderWith({ 'org.asc': publicKey.armor() }) });
    const log = logger();
    await setup(integration, 'build', log.instance);
    const fingerprint = publicKey.getFingerprint().toUpperCase();
    expect(log.lines).toContain(`info: recipient ${formatFingerprintForReading(fingerprint)} (curve25519 255, no expiry) Test <test@test.ngao.example>`);
    const dist = join(scratch, 'dist/');
    await (integration.hooks['astro:build:done'] as (options: unknown) => Promise<void>)({ dir: new URL(`file://${dist}`), logger: log.instance });
    const published = await openpgp.readKey({ armoredKey: readFileSync(join(dist, 'keys', `${fingerprint}.asc`), 'utf8') });
    expect(published.isPrivate()).toBe(false);
    expect(published.getFingerprint().toUpperCase()).toBe(fingerprint);
  });

  it('uses the demo key only when told to, and says so loudly', async () => {
    const log = logger();
    const integration = recipientKeysIntegration({ folder: join(scratch, 'empty'), demoFolder: join(scratch, 'demo-integration') });
    await setup(integration, 'build', log.instance);
    expect(log.lines.some((line) => /generated the local DEMO key/.test(line))).toBe(true);
    expect(log.lines.some((line) => /this is a DEMO key/.test(line))).toBe(true);
  });
});

it('fingerprints are grouped for reading aloud as GnuPG prints them', () => {
  expect(formatFingerprintForReading('e4549e72e760aef2368f9e16f91d9f5d6d9df33b')).toBe('E454 9E72 E760 AEF2 368F  9E16 F91D 9F5D 6D9D F33B');
});
