/**
 * Fingerprints as people compare them: read aloud over a phone, or checked against a
 * second channel (a printed card, a post on the organisation's account).
 */

/** Upper-case hex without spaces: the form fingerprints are stored and compared in. */
export function normaliseFingerprint(fingerprint: string): string {
  return fingerprint.replace(/\s+/g, '').toUpperCase();
}

/**
 * Ten groups of four, with a wider gap in the middle, the way GnuPG prints a v4
 * fingerprint: `ABCD 1234 … 5678  9ABC … DEF0`. Easier to read aloud than 40 digits.
 */
export function formatFingerprintForReading(fingerprint: string): string {
  const groups = normaliseFingerprint(fingerprint).match(/.{1,4}/g) ?? [];
  const half = Math.ceil(groups.length / 2);
  return `${groups.slice(0, half).join(' ')}  ${groups.slice(half).join(' ')}`.trim();
}
