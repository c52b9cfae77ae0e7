/**
 * Removing metadata from a WebP without re-encoding it. A WebP file is a RIFF container
 * of chunks; we copy the chunks the picture needs byte for byte (VP8X header, ICC
 * profile, animation, alpha, VP8/VP8L bitstreams) and leave out `EXIF`, `XMP ` and any
 * unknown chunk. Then two fields must be made true again: the VP8X flags that announce
 * EXIF and XMP, and the RIFF size.
 */
import type { MetadataCategory } from './metadata-categories.ts';
import { concatBytes } from '../seal/bytes.ts';
import { orientationOnlyExif, summariseExif } from './exif.ts';
import { MalformedImageError, type StrippedImage } from './stripped-image.ts';
import { classifyXmp } from './xmp-iptc.ts';

const keptChunks = new Set(['VP8X', 'ICCP', 'ANIM', 'ANMF', 'ALPH', 'VP8 ', 'VP8L']);
const vp8xExifFlag = 0x08;
const vp8xXmpFlag = 0x04;

const latin1 = new TextDecoder('latin1');

function riffChunk(fourCc: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length % 2));
  out.set(Uint8Array.from(fourCc, (c) => c.charCodeAt(0)));
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

export function stripWebpMetadata(data: Uint8Array): StrippedImage {
  if (data.length < 12 || latin1.decode(data.subarray(0, 4)) !== 'RIFF' || latin1.decode(data.subarray(8, 12)) !== 'WEBP') {
    throw new MalformedImageError('no RIFF/WEBP header');
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > data.length) throw new MalformedImageError('RIFF size runs past the end of the file');
  const found = new Set<MetadataCategory>();
  const kept: Uint8Array[] = [];
  let vp8x: Uint8Array | undefined;
  let orientation = 1;
  let pos = 12;

  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) throw new MalformedImageError(`chunk header at byte ${pos} cut short`);
    const fourCc = latin1.decode(data.subarray(pos, pos + 4));
    const size = view.getUint32(pos + 4, true);
    const end = pos + 8 + size + (size % 2);
    if (pos + 8 + size > riffEnd) throw new MalformedImageError(`chunk ${fourCc} runs past the end`);
    const chunkData = data.subarray(pos + 8, pos + 8 + size);
    if (fourCc === 'VP8X') {
      if (size < 10) throw new MalformedImageError('VP8X chunk too short');
      vp8x = data.slice(pos, pos + 8 + size); // a copy: its flags are rewritten below
      kept.push(vp8x);
    } else if (keptChunks.has(fourCc)) {
      kept.push(data.subarray(pos, Math.min(end, riffEnd)));
    } else if (fourCc === 'EXIF') {
      // Some writers put JPEG's "Exif\0\0" prefix in front of the TIFF data.
      const tiff = latin1.decode(chunkData.subarray(0, 4)) === 'Exif' ? chunkData.subarray(6) : chunkData;
      const summary = summariseExif(tiff);
      for (const category of summary.categories) found.add(category);
      if (orientation === 1) orientation = summary.orientation;
    } else if (fourCc === 'XMP ') {
      for (const category of classifyXmp(new TextDecoder().decode(chunkData))) found.add(category);
    } else {
      found.add('other');
    }
    pos = end;
  }
  if (riffEnd < data.length) found.add('other'); // bytes after the RIFF container

  if (vp8x) {
    let flags = vp8x[8]! & ~(vp8xExifFlag | vp8xXmpFlag);
    if (orientation !== 1) {
      // Kept at the end, where the container spec places EXIF (after the image data).
      kept.push(riffChunk('EXIF', orientationOnlyExif(orientation)));
      flags |= vp8xExifFlag;
    }
    vp8x[8] = flags;
  }
  const body = concatBytes(kept);
  const header = new Uint8Array(12);
  header.set(data.subarray(0, 4));
  new DataView(header.buffer).setUint32(4, 4 + body.length, true);
  header.set(data.subarray(8, 12), 8);
  return { bytes: concatBytes([header, body]), found };
}
