// GnuPG as the independent peer: what the relay delivers must open with `gpg --decrypt`.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from './site.ts';

/** Decrypts `ciphertext` with a throw-away GnuPG home holding only `armoredPrivateKey`. */
export function gpgDecrypt(armoredPrivateKey: string, ciphertext: string | Uint8Array): Buffer {
  const home = temporaryFolder('gnupg');
  try {
    const keyFile = join(home, 'key.asc');
    writeFileSync(keyFile, armoredPrivateKey);
    execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--import', keyFile], { stdio: 'pipe' });
    return execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--decrypt'], { input: ciphertext, stdio: 'pipe', maxBuffer: 512 * 1024 * 1024 });
  } finally {
    // Stop the agent this home started before removing its socket folder.
    execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' });
    rmSync(home, { recursive: true, force: true });
  }
}

/** Encrypts with GnuPG to the given public keys (a client other than OpenPGP.js). */
export function gpgEncrypt(armoredPublicKeys: readonly string[], fingerprints: readonly string[], plaintext: string | Uint8Array): string {
  const home = temporaryFolder('gnupg');
  try {
    armoredPublicKeys.forEach((key, index) => {
      const keyFile = join(home, `key${index}.asc`);
      writeFileSync(keyFile, key);
      execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--import', keyFile], { stdio: 'pipe' });
    });
    const recipients = fingerprints.flatMap((fingerprint) => ['--recipient', fingerprint]);
    return execFileSync('gpg', ['--homedir', home, '--batch', '--quiet', '--trust-model', 'always', '--armor', '--encrypt', ...recipients], {
      input: plaintext,
      stdio: 'pipe',
      maxBuffer: 512 * 1024 * 1024,
    }).toString('ascii');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
