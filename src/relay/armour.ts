/**
 * Strict reading of an ASCII-armoured OpenPGP message (RFC 9580 §6).
 *
 * OpenPGP.js's own `unarmor` is forgiving by design: it skips text before the BEGIN line,
 * keeps armour headers and does not check the CRC. Whatever the relay accepts is stored
 * and mailed as it is, so forgiveness here would let readable text ride along beside the
 * ciphertext. This reader accepts exactly what OpenPGP.js and GnuPG write for an
 * encrypted message and nothing more:
 *
 *   -----BEGIN PGP MESSAGE-----
 *   (blank line: no armour headers, they would be cleartext)
 *   base64 lines of at most 76 characters, padding only at the very end
 *   optional "=XXXX" CRC-24 line, checked when present
 *   -----END PGP MESSAGE-----
 *
 * Line ends may be LF or CRLF; whitespace may surround the block but nothing else may.
 */

export type DearmourResult =
  | { ok: true; packets: Uint8Array }
  | { ok: false; problem: 'not_armoured' | 'armour_headers' | 'bad_base64' | 'bad_checksum' };

const BEGIN = '-----BEGIN PGP MESSAGE-----';
const END = '-----END PGP MESSAGE-----';
/** RFC 9580 §6.3: armour lines MUST NOT be longer than 76 characters; it also keeps mail within SMTP's line limit. */
const MAX_LINE = 76;

const LF = 0x0a;
const CR = 0x0d;
const EQUALS = 0x3d;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === LF || byte === CR;
}

/** 1 for the 64 characters of the base64 alphabet; a table, because this runs once per byte of up to 35 MB. */
const BASE64_ALPHABET = (() => {
  const table = new Uint8Array(256);
  for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') table[char.charCodeAt(0)] = 1;
  return table;
})();

function isBase64Char(byte: number): boolean {
  return BASE64_ALPHABET[byte] === 1;
}

/** Reads one line starting at `start`; returns where its content ends and where the next line begins. */
function lineAt(bytes: Uint8Array, start: number): { end: number; next: number } | undefined {
  if (start >= bytes.length) return undefined;
  const lf = bytes.indexOf(LF, start);
  // The last line may lack its line end ("…-----END PGP MESSAGE-----" at the very end).
  const stop = lf === -1 ? bytes.length : lf;
  const end = stop > start && bytes[stop - 1] === CR ? stop - 1 : stop;
  return { end, next: lf === -1 ? bytes.length : lf + 1 };
}

function lineEquals(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Decodes an armoured message into its packet bytes, or says why it is not acceptable. */
export function dearmourMessage(bytes: Uint8Array): DearmourResult {
  let position = 0;
  while (position < bytes.length && isWhitespace(bytes[position]!)) position++;

  const begin = lineAt(bytes, position);
  if (!begin || !lineEquals(bytes, position, begin.end, BEGIN)) return { ok: false, problem: 'not_armoured' };
  position = begin.next;

  const separator = lineAt(bytes, position);
  if (!separator) return { ok: false, problem: 'not_armoured' };
  if (separator.end !== position) {
    // A "Key: value" line here is an armour header: readable text outside the encryption.
    const line = Buffer.from(bytes.subarray(position, separator.end)).toString('latin1');
    return { ok: false, problem: /^[^\s:]+: /.test(line) ? 'armour_headers' : 'not_armoured' };
  }
  position = separator.next;

  const dataStart = position;
  let dataEnd = position;
  let base64Chars = 0;
  let paddingSeen = false;
  let checksum: Uint8Array | undefined;

  for (;;) {
    const line = lineAt(bytes, position);
    if (!line) return { ok: false, problem: 'not_armoured' };
    const length = line.end - position;
    const first = bytes[position];
    if (length === 0) return { ok: false, problem: 'not_armoured' };
    if (length > MAX_LINE) return { ok: false, problem: 'bad_base64' };

    if (first === 0x2d /* - */) {
      if (!lineEquals(bytes, position, line.end, END)) return { ok: false, problem: 'not_armoured' };
      position = line.next;
      break;
    }
    if (first === EQUALS) {
      // The CRC-24 line: "=" and four base64 characters, directly before END.
      if (checksum || length !== 5) return { ok: false, problem: 'bad_base64' };
      for (let i = position + 1; i < line.end; i++) if (!isBase64Char(bytes[i]!)) return { ok: false, problem: 'bad_base64' };
      checksum = Buffer.from(Buffer.from(bytes.subarray(position + 1, line.end)).toString('latin1'), 'base64');
      position = line.next;
      continue;
    }
    if (checksum || paddingSeen) return { ok: false, problem: 'bad_base64' };
    let i = position;
    while (i < line.end && BASE64_ALPHABET[bytes[i]!] === 1) i++;
    const padding = line.end - i;
    if (padding > 2) return { ok: false, problem: 'bad_base64' };
    for (let j = i; j < line.end; j++) if (bytes[j] !== EQUALS) return { ok: false, problem: 'bad_base64' };
    if (padding > 0) paddingSeen = true;
    base64Chars += length;
    dataEnd = line.end;
    position = line.next;
  }

  while (position < bytes.length) {
    if (!isWhitespace(bytes[position]!)) return { ok: false, problem: 'not_armoured' };
    position++;
  }
  if (base64Chars === 0 || base64Chars % 4 !== 0) return { ok: false, problem: 'bad_base64' };

  // Only base64 characters and line ends lie between dataStart and dataEnd (checked
  // above), and Node's decoder skips line ends, so the range decodes as it stands.
  const packets = Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset + dataStart, dataEnd - dataStart).toString('latin1'), 'base64');
  if (packets.length === 0) return { ok: false, problem: 'bad_base64' };
  if (checksum) {
    const crc = crc24(packets);
    if (checksum[0] !== (crc >>> 16) || checksum[1] !== ((crc >>> 8) & 0xff) || checksum[2] !== (crc & 0xff)) {
      return { ok: false, problem: 'bad_checksum' };
    }
  }
  return { ok: true, packets };
}

const CRC24_INIT = 0xb704ce;
const CRC24_POLY = 0x1864cfb;

const crc24Table = (() => {
  const table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
    table[byte] = crc & 0xffffff;
  }
  return table;
})();

/** The armour checksum of RFC 9580 §6.1. */
export function crc24(data: Uint8Array): number {
  let crc = CRC24_INIT;
  for (let i = 0; i < data.length; i++) {
    crc = ((crc << 8) ^ crc24Table[((crc >>> 16) ^ data[i]!) & 0xff]!) & 0xffffff;
  }
  return crc;
}
