import { createHash } from 'node:crypto';

/**
 * The submission id: the first 128 bits of the SHA-256 of the armoured message as
 * received, in hex. It says nothing about the sender, and since every encryption is
 * random, only a retry of the very same bytes (after a lost answer) gets the same id,
 * which lets the spool store it once. Computed where the body is verified (`verifier.ts`),
 * so a large body is hashed off the event loop too.
 */
export function submissionIdFor(armoured: Uint8Array): string {
  return createHash('sha256').update(armoured).digest('hex').slice(0, 32);
}
