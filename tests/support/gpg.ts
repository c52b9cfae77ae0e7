// GnuPG as the independent peer of every test that needs one: keys made by GnuPG for the
// build and interop tests, and `gpg --decrypt` as the proof that what Ngao sends opens
// in the organisation's ordinary tools. No vitest imports: the browser tests use it too.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The key kinds the interop tests cover: what GnuPG 2.2 users and organisations actually have. */
export type TestKeyKind = 'curve25519' | 'rsa3072' | 'rsa4096';

const keyParameters: Record<TestKeyKind, string> = {
  curve25519: 'Key-Type: EDDSA\nKey-Curve: ed25519\nSubkey-Type: ECDH\nSubkey-Curve: cv25519\n',
  rsa3072: 'Key-Type: RSA\nKey-Length: 3072\nSubkey-Type: RSA\nSubkey-Length: 3072\n',
  rsa4096: 'Key-Type: RSA\nKey-Length: 4096\nSubkey-Type: RSA\nSubkey-Length: 4096\n',
};

// Large enough for the 25 MiB submissions and the benches' bigger bodies.
const maxBuffer = 512 * 1024 * 1024;

function gpg(home: string, args: string[], input?: string | Uint8Array): Buffer {
  return execFileSync('gpg', ['--homedir', home, '--batch', '--yes', '--no-tty', '--quiet', ...args], { input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer });
}

/** Generates an unprotected v4 key pair in a fresh GnuPG home and returns its armoured public key. */
export function generateGpgKey(home: string, kind: TestKeyKind, email: string): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const parameters = `${keyParameters[kind]}Name-Real: Ngao test ${kind}\nName-Email: ${email}\nExpire-Date: 0\n%no-protection\n%commit\n`;
  gpg(home, ['--gen-key'], parameters);
  return gpg(home, ['--armor', '--export', email]).toString('utf8');
}

/**
 * Runs `use` with a throw-away GnuPG home holding exactly `armoredKeys` (public or
 * secret), then stops the agent that home started and removes it.
 */
export function withGpgHome<T>(armoredKeys: readonly string[], use: (home: string) => T): T {
  const home = mkdtempSync(join(tmpdir(), 'ngao-gnupg-'));
  try {
    armoredKeys.forEach((key, index) => {
      const keyFile = join(home, `key${index}.asc`);
      writeFileSync(keyFile, key);
      gpg(home, ['--import', keyFile]);
    });
    return use(home);
  } finally {
    // Stop the agent before removing its socket folder.
    spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' });
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Decrypts with the secret keys of one GnuPG home. Returns the plaintext and GnuPG's
 * status lines (`[GNUPG:] DECRYPTION_OKAY`, `GOODMDC`, …); throws with them on failure.
 */
export function gpgDecryptWithStatus(home: string, armored: string | Uint8Array): { plaintext: Buffer; status: string } {
  const result = spawnSync('gpg', ['--homedir', home, '--batch', '--no-tty', '--status-fd', '2', '--decrypt'], { input: armored, maxBuffer });
  const status = result.stderr.toString('utf8');
  if (result.status !== 0) throw new Error(`gpg --decrypt failed:\n${status}`);
  return { plaintext: result.stdout, status };
}

/** Decrypts with the secret keys of one GnuPG home; throws (with GnuPG's message) on any failure. */
export function gpgDecrypt(home: string, armored: string | Uint8Array): Buffer {
  return gpgDecryptWithStatus(home, armored).plaintext;
}

/** Encrypts with GnuPG to the given public keys (a client other than OpenPGP.js). */
export function gpgEncrypt(armoredPublicKeys: readonly string[], fingerprints: readonly string[], plaintext: string | Uint8Array): string {
  const recipients = fingerprints.flatMap((fingerprint) => ['--recipient', fingerprint]);
  return withGpgHome(armoredPublicKeys, (home) => gpg(home, ['--trust-model', 'always', '--armor', '--encrypt', ...recipients], plaintext).toString('ascii'));
}
