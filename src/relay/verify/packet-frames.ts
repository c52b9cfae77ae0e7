/**
 * The framing of an OpenPGP packet sequence (RFC 9580 §4.2): which packets are there,
 * in which order, and where their bodies lie. It reads headers and lengths only, never
 * packet contents.
 *
 * OpenPGP.js cannot answer this question for the relay: when it parses a message it
 * silently drops marker, padding and trust packets and unknown non-critical ones, and
 * each of those can carry arbitrary bytes. The relay must know about every packet it
 * stores, so it walks the framing itself and hands the contents of the packets it
 * allows to OpenPGP.js.
 */

export interface PacketFrame {
  /** Packet type ID (tag), 1 to 63. */
  tag: number;
  /** Offset of the first body byte when `contiguous`; with partial lengths, of the first length header. */
  bodyStart: number;
  /** Total body length, summed over partial chunks. */
  bodyLength: number;
  /** The body is one contiguous range (no partial body lengths), so `bodyStart`..`+bodyLength` is all of it. */
  contiguous: boolean;
  /** First body byte (the version octet of most packets), if the body is not empty. */
  firstBodyByte: number | undefined;
}

export type FramingResult =
  | { ok: true; frames: PacketFrame[] }
  | { ok: false; problem: 'truncated' | 'malformed_header' | 'too_many_packets' };

/** Literal, compressed and the three encrypted data packets: the only ones that may use partial lengths. */
const STREAMABLE_TAGS = new Set([8, 9, 11, 18, 20]);
/** RFC 9580 §4.2.1.4: the first partial length MUST be at least 512 octets. */
const MIN_FIRST_PARTIAL = 512;

/**
 * Lists the packets of `bytes`. Stops early once there are more than `maxPackets`, so a
 * body made of millions of tiny packets costs no more than a well-formed one.
 */
export function readPacketFrames(bytes: Uint8Array, maxPackets: number): FramingResult {
  const frames: PacketFrame[] = [];
  let offset = 0;

  while (offset < bytes.length) {
    if (frames.length >= maxPackets) return { ok: false, problem: 'too_many_packets' };
    const ctb = bytes[offset]!;
    if ((ctb & 0x80) === 0) return { ok: false, problem: 'malformed_header' };
    offset++;

    if ((ctb & 0x40) === 0) {
      // Legacy format: tag in bits 5-2, length type in bits 1-0.
      const tag = (ctb >> 2) & 0x0f;
      if (tag === 0) return { ok: false, problem: 'malformed_header' };
      const lengthType = ctb & 0x03;
      let bodyLength: number;
      if (lengthType === 3) {
        // Indeterminate length: the body runs to the end of the data. Only sensible for a data packet.
        if (!STREAMABLE_TAGS.has(tag)) return { ok: false, problem: 'malformed_header' };
        bodyLength = bytes.length - offset;
      } else {
        const size = lengthType === 0 ? 1 : lengthType === 1 ? 2 : 4;
        if (offset + size > bytes.length) return { ok: false, problem: 'truncated' };
        bodyLength = 0;
        for (let i = 0; i < size; i++) bodyLength = bodyLength * 256 + bytes[offset + i]!;
        offset += size;
      }
      if (offset + bodyLength > bytes.length) return { ok: false, problem: 'truncated' };
      frames.push({ tag, bodyStart: offset, bodyLength, contiguous: true, firstBodyByte: bodyLength > 0 ? bytes[offset] : undefined });
      offset += bodyLength;
      continue;
    }

    // OpenPGP (new) format: tag in bits 5-0, then one or more length headers.
    const tag = ctb & 0x3f;
    if (tag === 0) return { ok: false, problem: 'malformed_header' };
    const bodyStart = offset;
    let bodyLength = 0;
    let contiguous = true;
    let firstChunk = true;
    let firstBodyByte: number | undefined;
    for (;;) {
      if (offset >= bytes.length) return { ok: false, problem: 'truncated' };
      const first = bytes[offset]!;
      let chunk: number;
      let partial = false;
      if (first < 192) {
        chunk = first;
        offset += 1;
      } else if (first < 224) {
        if (offset + 2 > bytes.length) return { ok: false, problem: 'truncated' };
        chunk = ((first - 192) << 8) + bytes[offset + 1]! + 192;
        offset += 2;
      } else if (first === 255) {
        if (offset + 5 > bytes.length) return { ok: false, problem: 'truncated' };
        chunk = bytes[offset + 1]! * 0x1000000 + (bytes[offset + 2]! << 16) + (bytes[offset + 3]! << 8) + bytes[offset + 4]!;
        offset += 5;
      } else {
        chunk = 1 << (first & 0x1f);
        partial = true;
        offset += 1;
        if (!STREAMABLE_TAGS.has(tag)) return { ok: false, problem: 'malformed_header' };
        if (firstChunk && chunk < MIN_FIRST_PARTIAL) return { ok: false, problem: 'malformed_header' };
        contiguous = false;
      }
      if (offset + chunk > bytes.length) return { ok: false, problem: 'truncated' };
      if (firstBodyByte === undefined && chunk > 0) firstBodyByte = bytes[offset];
      bodyLength += chunk;
      offset += chunk;
      firstChunk = false;
      if (!partial) break;
    }
    // With a single definite length the body starts right after its one length header.
    const start = contiguous ? offset - bodyLength : bodyStart;
    frames.push({ tag, bodyStart: start, bodyLength, contiguous, firstBodyByte });
  }

  return { ok: true, frames };
}
