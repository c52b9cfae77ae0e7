/**
 * Receipt codes: the one thing a person keeps after sending a testimony, to quote if
 * they contact the organisation later ("my receipt is 7K2M-Q9XD-…").
 *
 * Sixteen Crockford base32 characters in four groups of four: 80 bits from
 * `crypto.getRandomValues`, enough that nobody can guess another person's code. The
 * alphabet leaves out I, L, O and U, so a code read aloud over a bad phone line or
 * copied by hand cannot be mistaken for another one; when reading a code back, the
 * look-alikes are mapped to the letters they were probably meant to be.
 */

const crockfordAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const groupCount = 4;
const groupLength = 4;
const codeBits = groupCount * groupLength * 5; // 80

/** The form a receipt code is always shown and stored in, e.g. `7K2M-Q9XD-3HBT-0ZQE`. */
export const receiptCodePattern = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/**
 * A new receipt code. 10 random bytes are exactly 80 bits, cut into sixteen 5-bit
 * symbols, so every symbol is uniformly distributed (no modulo bias).
 */
export function createReceiptCode(): string {
  const random = crypto.getRandomValues(new Uint8Array(codeBits / 8));
  let bitBuffer = 0;
  let bitsInBuffer = 0;
  let symbols = '';
  for (const byte of random) {
    bitBuffer = (bitBuffer << 8) | byte;
    bitsInBuffer += 8;
    while (bitsInBuffer >= 5) {
      bitsInBuffer -= 5;
      symbols += crockfordAlphabet[(bitBuffer >> bitsInBuffer) & 0x1f];
    }
    bitBuffer &= (1 << bitsInBuffer) - 1;
  }
  return symbols.match(/.{4}/g)!.join('-');
}

/**
 * Reads a code as a person typed or dictated it: case, spaces and dashes do not
 * matter, and the letters Crockford base32 leaves out are read as the digits they
 * resemble (O → 0, I and L → 1). Returns the canonical form, or `null` if the text
 * cannot be a receipt code.
 */
export function normaliseReceiptCode(typed: string): string | null {
  const symbols = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (symbols.length !== groupCount * groupLength) return null;
  for (const symbol of symbols) if (!crockfordAlphabet.includes(symbol)) return null;
  return symbols.match(/.{4}/g)!.join('-');
}
