/**
 * Byte-array utilities shared by the submission modules. Web APIs only, so the same
 * code runs in the browser and in the relay (no Node `Buffer`).
 */

const utf8Encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Joins byte arrays into one, in order, with a single allocation. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Lower-case hexadecimal, two digits per byte. */
export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** SHA-256 of the bytes, as 64 lower-case hex digits (the form `sha256sum` prints). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Copy into a plain ArrayBuffer-backed view when needed: `digest` refuses views on
  // SharedArrayBuffer, and TypeScript types it as requiring a plain ArrayBuffer.
  const input = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', input)));
}
