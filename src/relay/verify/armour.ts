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

/** Bytes of base64 text decoded at a time. */
const DECODE_SEGMENT = 1024 * 1024;

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

  // Where to cut the base64 text for decoding: at line ends after a multiple of four
  // characters, about every DECODE_SEGMENT bytes. Decoding segment by segment into one
  // buffer never holds the whole text as a string (up to 48 MB for the largest bodies).
  const segments: [number, number][] = [];
  let segmentStart = position;
  let dataEnd = position;
  let base64Chars = 0;
  let paddingChars = 0;
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
    if (checksum || paddingChars > 0) return { ok: false, problem: 'bad_base64' };
    let i = position;
    while (i < line.end && BASE64_ALPHABET[bytes[i]!] === 1) i++;
    const padding = line.end - i;
    if (padding > 2) return { ok: false, problem: 'bad_base64' };
    for (let j = i; j < line.end; j++) if (bytes[j] !== EQUALS) return { ok: false, problem: 'bad_base64' };
    paddingChars = padding;
    base64Chars += length;
    dataEnd = line.end;
    position = line.next;
    if (base64Chars % 4 === 0 && dataEnd - segmentStart >= DECODE_SEGMENT) {
      segments.push([segmentStart, dataEnd]);
      segmentStart = position;
    }
  }

  while (position < bytes.length) {
    if (!isWhitespace(bytes[position]!)) return { ok: false, problem: 'not_armoured' };
    position++;
  }
  if (base64Chars === 0 || base64Chars % 4 !== 0) return { ok: false, problem: 'bad_base64' };
  if (segmentStart < dataEnd) segments.push([segmentStart, dataEnd]);

  // Only base64 characters and line ends lie in the segments (checked above), and Node's
  // decoder skips line ends, so each segment decodes as it stands.
  const packets = Buffer.allocUnsafe((base64Chars / 4) * 3 - paddingChars);
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let written = 0;
  for (const [start, end] of segments) written += packets.write(source.toString('latin1', start, end), written, 'base64');
  if (written !== packets.length || packets.length === 0) return { ok: false, problem: 'bad_base64' };
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

/**
 * Tables for CRC-24 four bytes at a time ("slicing by 4"): `tables[k][b]` is the CRC
 * register after feeding byte `b` and then `k` zero bytes into an empty register. The
 * checksum runs over every submission, so it is worth being three times faster than
 * the byte-at-a-time loop.
 */
const crc24Tables = (() => {
  const tables = Array.from({ length: 4 }, () => new Uint32Array(256));
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
    tables[0]![byte] = crc & 0xffffff;
  }
  for (let k = 1; k < 4; k++) {
    for (let byte = 0; byte < 256; byte++) {
      const previous = tables[k - 1]![byte]!;
      tables[k]![byte] = ((previous << 8) ^ tables[0]![(previous >>> 16) & 0xff]!) & 0xffffff;
    }
  }
  return tables;
})();

/** The armour checksum of RFC 9580 §6.1. */
export function crc24(data: Uint8Array): number {
  const [t0, t1, t2, t3] = crc24Tables as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let crc = CRC24_INIT;
  let i = 0;
  // The register's three bytes meet the next three input bytes; the fourth enters fresh.
  for (const end = data.length - 3; i < end; i += 4) {
    crc =
      t3[((crc >>> 16) ^ data[i]!) & 0xff]! ^
      t2[((crc >>> 8) ^ data[i + 1]!) & 0xff]! ^
      t1[(crc ^ data[i + 2]!) & 0xff]! ^
      t0[data[i + 3]!]!;
  }
  for (; i < data.length; i++) crc = ((crc << 8) ^ t0[((crc >>> 16) ^ data[i]!) & 0xff]!) & 0xffffff;
  return crc;
}
