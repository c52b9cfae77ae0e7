import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** The key kinds the interop tests cover: what GnuPG 2.2 users and organisations actually have. */
export type TestKeyKind = 'curve25519' | 'rsa3072' | 'rsa4096';

const keyParameters: Record<TestKeyKind, string> = {
  curve25519: 'Key-Type: EDDSA\nKey-Curve: ed25519\nSubkey-Type: ECDH\nSubkey-Curve: cv25519\n',
  rsa3072: 'Key-Type: RSA\nKey-Length: 3072\nSubkey-Type: RSA\nSubkey-Length: 3072\n',
  rsa4096: 'Key-Type: RSA\nKey-Length: 4096\nSubkey-Type: RSA\nSubkey-Length: 4096\n',
};

function gpg(home: string, args: string[], input?: string | Uint8Array): Buffer {
  return execFileSync('gpg', ['--homedir', home, '--batch', '--yes', '--no-tty', '--quiet', ...args], {
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

/** Generates an unprotected v4 key pair in a fresh GnuPG home and returns its armoured public key. */
export function generateGpgKey(home: string, kind: TestKeyKind, email: string): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const parameters = `${keyParameters[kind]}Name-Real: Ngao test ${kind}\nName-Email: ${email}\nExpire-Date: 0\n%no-protection\n%commit\n`;
  gpg(home, ['--gen-key'], parameters);
  return gpg(home, ['--armor', '--export', email]).toString('utf8');
}

/** Decrypts with the secret keys of one GnuPG home; throws (with GnuPG's message) on any failure. */
export function gpgDecrypt(home: string, armored: string | Uint8Array): Buffer {
  return gpg(home, ['--decrypt'], armored);
}
