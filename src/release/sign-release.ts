/**
 * `npm run sign-release`: signs the built manifest (`dist/.well-known/ngao/manifest.json`)
 * with the organisation's release key, detached and armoured, on the machine that holds
 * the key (never the web server). GnuPG signs by default (`--local-user`, the pinned
 * fingerprint unless given); `--key <file>` signs with an armoured private key file
 * through OpenPGP.js instead (passphrase in NGAO_SIGNING_PASSPHRASE if it has one).
 * The signature is checked against the pinned public key before it is written.
 *
 *   npm run sign-release -- [--dist dist] [--local-user <fingerprint>] [--key release.sec.asc]
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createMessage, decryptKey, readPrivateKey, sign } from 'openpgp';
import { siteConfig } from '../config/site.ts';
import { releaseManifestSchema, releasePaths } from './manifest.ts';
import { checkManifestSignature } from './signature.ts';
import { loadReleaseSigningKey } from './signing-key.ts';

const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist' }, 'local-user': { type: 'string' }, key: { type: 'string' } } });
const fail = (message: string): never => {
  console.error(`sign-release: ${message}`);
  process.exit(1);
};

const pinned = (await loadReleaseSigningKey(siteConfig).catch((error: Error) => fail(error.message))) ?? fail('content/site.yaml has no releaseSigningKey: add its fingerprint and public key file (docs/verify.md) and build again');
const site = resolve(values.dist);
const manifestFile = join(site, releasePaths.manifest.slice(1));
const manifestBytes = await readFile(manifestFile).catch(() => fail(`no manifest at ${manifestFile}: run npm run build first`));
const manifest = releaseManifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
if (manifest.release.signingKey !== pinned.fingerprint) {
  fail(`the manifest names signing key ${manifest.release.signingKey ?? '(none)'}, but the pinned key is ${pinned.fingerprint}: build again with the current content/site.yaml`);
}

let armored: string;
if (values.key) {
  const text = await readFile(resolve(values.key), 'utf8').catch((error: Error) => fail(`--key: cannot read ${values.key} (${error.message})`));
  let privateKey = await readPrivateKey({ armoredKey: text }).catch((error: Error) => fail(`--key: ${values.key} is not an armoured private key (${error.message})`));
  if (!privateKey.isDecrypted()) {
    const passphrase = process.env.NGAO_SIGNING_PASSPHRASE ?? fail(`--key: ${values.key} is protected; put its passphrase in NGAO_SIGNING_PASSPHRASE`);
    privateKey = await decryptKey({ privateKey, passphrase });
  }
  armored = await sign({ message: await createMessage({ binary: manifestBytes }), signingKeys: privateKey, detached: true, format: 'armored' });
} else {
  const user = values['local-user'] ?? pinned.fingerprint;
  try {
    armored = execFileSync('gpg', ['--batch', '--yes', '--armor', '--detach-sign', '--local-user', user, '--output', '-', manifestFile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    fail(`gpg could not sign with --local-user ${user}: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  }
}
await checkManifestSignature(manifestBytes, armored!, pinned).catch((error: Error) => fail(`the new signature does not check against the pinned key ${pinned.fingerprint}: ${error.message}`));
const signatureFile = join(site, releasePaths.signature.slice(1));
await writeFile(signatureFile, armored!);
console.log(`Signed release ${manifest.release.id} (${manifest.files.length} files) with ${pinned.fingerprint}.`);
console.log(`Publish ${manifestFile} and ${signatureFile} with the site and with the release.`);
