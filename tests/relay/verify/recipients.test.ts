// The relay's recipient keys come from the built site and follow it: a deploy that
// changes `keys/` changes what is accepted, a broken deploy keeps the last good keys,
// and a site without a key cannot start a relay at all.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeRecipients, RecipientKeyring } from '../../../src/relay/verify/recipients.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';

let first: TestRecipient;
let second: TestRecipient;
beforeAll(async () => {
  [first, second] = await Promise.all([makeRecipient('First'), makeRecipient('Second')]);
});

describe('RecipientKeyring', () => {
  it('follows a deploy that replaces the key, and keeps the last good keys when a deploy is broken', async () => {
    const site = makeSiteFolder([first]);
    const problems: string[] = [];
    const keyring = await RecipientKeyring.open(site, { recheckMs: 0, onReloadError: (reason) => problems.push(reason) });
    expect((await keyring.current()).map((key) => key.fingerprint)).toEqual([first.fingerprint]);
    expect((await keyring.pinned()).armoredKeys).toHaveLength(1);

    rmSync(join(site, 'keys', `${first.fingerprint}.asc`));
    writeFileSync(join(site, 'keys', `${second.fingerprint}.asc`), second.armoredPublicKey);
    expect((await keyring.current()).map((key) => key.fingerprint)).toEqual([second.fingerprint]);

    writeFileSync(join(site, 'keys', 'broken.asc'), '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n');
    expect((await keyring.current()).map((key) => key.fingerprint)).toEqual([second.fingerprint]);
    expect(problems.join('\n')).toMatch(/broken\.asc/);
  });

  it('refuses to start on a site without keys, naming the folder', async () => {
    const empty = temporaryFolder('site');
    await expect(RecipientKeyring.open(empty)).rejects.toThrow(/keys.*no recipient key/);
  });

  it('lists only the (sub)keys that can encrypt', async () => {
    const [described] = await describeRecipients([first.publicKey]);
    const encryptionKey = await first.publicKey.getEncryptionKey();
    expect(described!.encryptionKeys).toEqual([{ keyID: encryptionKey.getKeyID().toHex(), algorithm: encryptionKey.keyPacket.algorithm }]);
    expect(described!.encryptionKeys.map((key) => key.keyID)).not.toContain(first.publicKey.getKeyID().toHex());
  });
});
