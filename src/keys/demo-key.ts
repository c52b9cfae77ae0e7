/**
 * A local demo key for `npm start` on a machine without the organisation's key, so the
 * whole product (form, encryption, relay, mailbox) can be tried in one command.
 *
 * The key pair is generated once and reused: a v4 Curve25519 key (EdDSA primary,
 * cv25519 encryption subkey, what GnuPG 2.2 makes and reads), with the user ID
 * `Ngao demo key (local test only) <demo@ngao.invalid>`. The `.invalid` domain can
 * never belong to anyone (RFC 2606); the site recognises it and shows a "demo" banner on
 * every page. The public key goes to `<folder>/<FINGERPRINT>.asc`; the private key,
 * unprotected so `npm run inbox` can read the demo mailbox, beside it as
 * `<FINGERPRINT>.key` with mode 0600. The folder (by default `var/demo/`) is
 * git-ignored; nothing is ever written into `content/`.
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { generateKey, readPrivateKey } from 'openpgp';
import { normaliseFingerprint } from './fingerprint.ts';

export const demoKeyUserId = { name: 'Ngao demo key (local test only)', email: 'demo@ngao.invalid' } as const;

export interface DemoKey {
  fingerprint: string;
  /** `<folder>/<FINGERPRINT>.asc` */
  publicKeyFile: string;
  /** `<folder>/<FINGERPRINT>.key`, mode 0600 */
  privateKeyFile: string;
  /** Whether this call generated the pair (false: an existing pair was reused). */
  created: boolean;
}

async function existingDemoKey(folder: string): Promise<DemoKey | null> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.key')).sort()) {
    const base = name.slice(0, -'.key'.length);
    if (!names.includes(`${base}.asc`)) continue;
    const privateKeyFile = join(folder, name);
    const privateKey = await readPrivateKey({ armoredKey: await readFile(privateKeyFile, 'utf8') }).catch(() => null);
    if (!privateKey) continue;
    const fingerprint = normaliseFingerprint(privateKey.getFingerprint());
    if (fingerprint !== base.toUpperCase()) continue;
    return { fingerprint, publicKeyFile: join(folder, `${base}.asc`), privateKeyFile, created: false };
  }
  return null;
}

/**
 * Returns the demo key pair in `folder`, generating it on first use. Refuses a folder
 * inside `content/`, where a private key could end up published or committed.
 */
export async function ensureDemoKey(folder: string): Promise<DemoKey> {
  const absolute = resolve(folder);
  const contentFolder = resolve('content'); // builds and the relay run from the project root
  if (absolute === contentFolder || absolute.startsWith(contentFolder + sep)) {
    throw new Error(`ensureDemoKey: refusing to write a private key under ${absolute}; use a git-ignored folder such as var/demo/`);
  }
  const existing = await existingDemoKey(absolute);
  if (existing) return existing;

  await mkdir(absolute, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy', // EdDSA + ECDH cv25519: readable by GnuPG 2.2 (the RFC 9580 X25519 is not)
    userIDs: [demoKeyUserId],
    format: 'armored',
  });
  const fingerprint = normaliseFingerprint((await readPrivateKey({ armoredKey: privateKey })).getFingerprint());
  const privateKeyFile = join(absolute, `${fingerprint}.key`);
  const publicKeyFile = join(absolute, `${fingerprint}.asc`);
  // The private key first, created with mode 0600 ('wx': never overwrite a file):
  // a public key without its private half would be a demo nobody can read.
  await writeFile(privateKeyFile, privateKey, { mode: 0o600, flag: 'wx' });
  await chmod(privateKeyFile, 0o600); // the umask may have narrowed the mode; make it exact
  await writeFile(publicKeyFile, publicKey, { mode: 0o644, flag: 'wx' });
  return { fingerprint, publicKeyFile, privateKeyFile, created: true };
}
