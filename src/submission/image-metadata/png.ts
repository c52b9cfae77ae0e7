/**
 * Removing metadata from a PNG without re-encoding it: a PNG is a list of chunks, and
 * we copy the chunks the picture needs byte for byte (CRC included) and leave out the
 * rest. The compressed pixel data (IDAT) is never touched.
 *
 * Kept: the critical chunks (IHDR, PLTE, IDAT, IEND), transparency and colour
 * (tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, cICP, mDCV, cLLI), background colour and
 * palette histogram (bKGD, hIST: numbers only), pixel density (pHYs) and APNG
 * animation (acTL, fcTL, fdAT). Removed: text chunks (tEXt, zTXt, iTXt: author,
 * comments, XMP, EXIF dumps), eXIf, tIME, suggested palettes (sPLT, which carry a
 * free-text name and no pixels), every other ancillary chunk, and anything after IEND. An unknown *critical*
 * chunk means a PNG variant we cannot vouch for: the file is refused as malformed and
 * sent unchanged, with the person told it could not be cleaned.
 */
import type { MetadataCategory } from './metadata-categories.ts';
import { concatBytes } from '../seal/bytes.ts';
import { orientationOnlyExif, summariseExif } from './exif.ts';
import { MalformedImageError, type StrippedImage } from './stripped-image.ts';
import { classifyXmp } from './xmp-iptc.ts';

const pngSignature = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const criticalChunks = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND']);
const keptAncillaryChunks = new Set(['tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'sBIT', 'cICP', 'mDCV', 'cLLI', 'bKGD', 'hIST', 'pHYs', 'acTL', 'fcTL', 'fdAT']);
const textChunks = new Set(['tEXt', 'zTXt', 'iTXt']);

/** Text-chunk keywords (PNG's registered ones and those common tools write) by category. */
function categoryOfKeyword(keyword: string): MetadataCategory {
  const lower = keyword.toLowerCase();
  if (/gps|location|latitude|longitude/.test(lower)) return 'location';
  if (lower === 'author' || lower === 'copyright') return 'owner';
  if (lower === 'creation time' || lower.startsWith('date:')) return 'date';
  if (lower === 'software') return 'software';
  if (lower === 'source') return 'device'; // PNG: "device used to create the image"
  return 'other';
}

let crcTable: Uint32Array | undefined;
function crc32(parts: readonly Uint8Array[]): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const part of parts) for (const byte of part) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = Uint8Array.from(type, (c) => c.charCodeAt(0));
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32([typeBytes, data]));
  return out;
}

/** Most text we inflate just to report on it; a compressed chunk claiming more is "other". */
const inflateLimitBytes = 4 * 1024 * 1024;

/** zlib-inflates a chunk's compressed text, up to a limit (a small chunk can expand enormously). */
async function inflateText(compressed: Uint8Array): Promise<string | null> {
  try {
    const stream = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
    const reader = stream.getReader();
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > inflateLimitBytes) {
        await reader.cancel();
        return null;
      }
      parts.push(value);
    }
    return new TextDecoder().decode(concatBytes(parts));
  } catch {
    return null;
  }
}

const latin1 = new TextDecoder('latin1');

/** ImageMagick stores EXIF as hex text: "\nexif\n  <length>\n<hex…>". */
function exifFromHexProfile(text: string): Uint8Array | null {
  const match = /^\s*\S+\s+\d+\s+([0-9a-fA-F\s]+)$/.exec(text);
  if (!match) return null;
  const hex = match[1]!.replace(/\s/g, '');
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  const hasPrefix = latin1.decode(bytes.subarray(0, 4)) === 'Exif';
  return hasPrefix ? bytes.subarray(6) : bytes;
}

/** Categories a text chunk reveals, reading its value when the keyword does not say. */
async function classifyTextChunk(type: string, data: Uint8Array): Promise<Set<MetadataCategory>> {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 0) return new Set(['other']);
  const keyword = latin1.decode(data.subarray(0, keywordEnd));
  let text: string | null;
  if (type === 'tEXt') {
    text = latin1.decode(data.subarray(keywordEnd + 1));
  } else if (type === 'zTXt') {
    text = await inflateText(data.subarray(keywordEnd + 2));
  } else {
    // iTXt: keyword\0 compressionFlag compressionMethod language\0 translatedKeyword\0 text
    const isCompressed = data[keywordEnd + 1] === 1;
    const languageEnd = data.indexOf(0, keywordEnd + 3);
    const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
    if (translatedEnd < 0) return new Set(['other']);
    const value = data.subarray(translatedEnd + 1);
    text = isCompressed ? await inflateText(value) : new TextDecoder().decode(value);
  }
  if (keyword === 'XML:com.adobe.xmp' && text !== null) return classifyXmp(text);
  if (/^Raw profile type (?:exif|APP1)$/i.test(keyword) && text !== null) {
    const exif = exifFromHexProfile(text);
    if (exif) return summariseExif(exif).categories;
  }
  return new Set([categoryOfKeyword(keyword)]);
}

export async function stripPngMetadata(data: Uint8Array): Promise<StrippedImage> {
  if (data.length < 8 || !pngSignature.every((byte, i) => data[i] === byte)) throw new MalformedImageError('no PNG signature');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const found = new Set<MetadataCategory>();
  const kept: Uint8Array[] = [data.subarray(0, 8)];
  let orientation = 1;
  let ihdrIndex = -1;
  let pos = 8;
  let ended = false;

  while (pos < data.length) {
    if (pos + 12 > data.length) throw new MalformedImageError(`chunk header at byte ${pos} cut short`);
    const length = view.getUint32(pos);
    const end = pos + 12 + length;
    if (end > data.length) throw new MalformedImageError(`chunk at byte ${pos} runs past the end`);
    const type = latin1.decode(data.subarray(pos + 4, pos + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw new MalformedImageError(`invalid chunk type at byte ${pos}`);
    const chunkData = data.subarray(pos + 8, pos + 8 + length);
    const isCritical = type.charCodeAt(0) < 0x61; // upper-case first letter

    if (criticalChunks.has(type) || keptAncillaryChunks.has(type)) {
      if (type === 'IHDR') ihdrIndex = kept.length;
      kept.push(data.subarray(pos, end));
    } else if (isCritical) {
      throw new MalformedImageError(`unknown critical chunk ${type}`);
    } else if (textChunks.has(type)) {
      for (const category of await classifyTextChunk(type, chunkData)) found.add(category);
    } else if (type === 'eXIf') {
      const summary = summariseExif(chunkData);
      for (const category of summary.categories) found.add(category);
      if (orientation === 1) orientation = summary.orientation;
    } else if (type === 'tIME') {
      found.add('date');
    } else {
      found.add('other');
    }
    pos = end;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (!ended || ihdrIndex !== 1) throw new MalformedImageError('IHDR must come first and IEND last');
  if (pos < data.length) found.add('other'); // bytes after IEND
  // A lone orientation entry goes right after IHDR, before any image data, where
  // decoders that honour it look for it.
  if (orientation !== 1) kept.splice(ihdrIndex + 1, 0, chunk('eXIf', orientationOnlyExif(orientation)));
  return { bytes: concatBytes(kept), found };
}
