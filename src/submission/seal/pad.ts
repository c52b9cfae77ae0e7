/**
 * Padding the plaintext entity so the size of the ciphertext says little about what is
 * inside. Without it, anyone who sees the encrypted message (a network observer, the
 * relay's disk, a mail server) learns its exact length: enough to tell a two-line note
 * from a testimony with photos, or to match a message to a known file.
 *
 * Two rules:
 * - A floor of 16 KiB: every short testimony, the most common kind, has the same size.
 * - Above it, Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files
 *   and Communication with PURBs", PETS 2019): the length is rounded up so that only
 *   its top bits remain significant. The overhead is at most about 12 % (less as sizes
 *   grow), and a length reveals O(log log n) bits instead of O(log n).
 *
 * The padding goes into the epilogue of the multipart entity, after the closing
 * boundary, where RFC 2046 §5.1.1 says readers ignore it: the decrypted entity parses to
 * exactly the same parts, and no part, header or attachment changes.
 */

/** Every padded entity is at least this long. */
export const paddingFloorBytes = 16 * 1024;

/**
 * The Padmé length for `length`: with E = ⌊log₂ length⌋ and S = ⌊log₂ E⌋ + 1, the
 * length is rounded up to a multiple of 2^(E − S).
 */
export function padmeLength(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`not a length: ${length}`);
  if (length < 2) return length;
  const exponent = Math.floor(Math.log2(length));
  const significantBits = Math.floor(Math.log2(exponent)) + 1;
  const step = 2 ** (exponent - significantBits);
  return Math.ceil(length / step) * step;
}

/** The length an entity of `length` bytes is padded to: Padmé, but never below the floor. */
export function paddedLength(length: number): number {
  return Math.max(paddingFloorBytes, padmeLength(length));
}

const closeDelimiterEnd = '--\r\n';
const fillerLine = '.'.repeat(76) + '\r\n';

/**
 * Appends padding to a multipart entity, in its epilogue, up to `paddedLength`. The
 * entity must end with its close delimiter line (`--boundary--` and CRLF), as
 * `buildSubmissionEntity` produces it; anything else is refused, because padding
 * appended to a single part would change that part's content.
 *
 * The filler is short lines of dots: plain ASCII, which no MIME reader treats as
 * anything but epilogue text. It is encrypted along with the rest, so its content
 * does not matter, only that it is not compressed away (encryption never compresses).
 */
export function padEntity(entity: Uint8Array): Uint8Array {
  const tail = String.fromCharCode(...entity.subarray(entity.length - closeDelimiterEnd.length));
  if (tail !== closeDelimiterEnd) throw new Error('padEntity: the entity does not end with a multipart close delimiter');
  const target = paddedLength(entity.length);
  const padded = new Uint8Array(target);
  padded.set(entity);
  const filler = Uint8Array.from(fillerLine, (c) => c.charCodeAt(0));
  let offset = entity.length;
  for (; offset + filler.length <= target; offset += filler.length) padded.set(filler, offset);
  // The last, shorter line is dots only, so the entity never ends in a lone CR.
  padded.fill(0x2e, offset, target);
  return padded;
}
