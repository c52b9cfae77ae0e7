// Encrypts test payloads the way the browser form does: OpenPGP.js, armoured, to every
// recipient key at once.
import { createMessage, encrypt, type PublicKey } from 'openpgp';

export async function encryptArmoured(data: string | Uint8Array, keys: readonly PublicKey[]): Promise<string> {
  const message = typeof data === 'string' ? await createMessage({ text: data }) : await createMessage({ binary: data });
  return encrypt({ message, encryptionKeys: [...keys], format: 'armored' });
}
