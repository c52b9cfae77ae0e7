/**
 * Removing metadata from a JPEG without re-encoding it: the file is a sequence of
 * marked segments, and we copy every segment the picture needs byte for byte and leave
 * out the ones that only describe it. The compressed image data is never decoded, so
 * the pixels are exactly the original ones.
 *
 * Kept: the coding segments (quantisation and Huffman tables, frame and scan headers,
 * restart interval, the entropy-coded data), JFIF (pixel density; its thumbnail is
 * dropped), the ICC colour profile (APP2 `ICC_PROFILE`: without it colours shift) and
 * Adobe's APP14 (it says how to convert CMYK/YCCK colours). Everything else goes: EXIF
 * (APP1, including its thumbnail), XMP (APP1), Photoshop/IPTC (APP13), comments, every
 * other application segment (maker data, FlashPix, multi-picture indexes) and anything
 * after the end-of-image marker (second pictures, depth maps, "motion photo" videos).
 */
import type { MetadataCategory } from './metadata-categories.ts';
import { concatBytes } from '../seal/bytes.ts';
import { orientationOnlyExif, summariseExif } from './exif.ts';
import { MalformedImageError, type StrippedImage } from './stripped-image.ts';
import { classifyPhotoshopResources, classifyXmp } from './xmp-iptc.ts';

const marker = {
  soi: 0xd8,
  eoi: 0xd9,
  sos: 0xda,
  app0: 0xe0,
  app1: 0xe1,
  app2: 0xe2,
  app13: 0xed,
  app14: 0xee,
  app15: 0xef,
  com: 0xfe,
  tem: 0x01,
} as const;

const latin1 = new TextDecoder('latin1');
function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return bytes.length >= prefix.length && latin1.decode(bytes.subarray(0, prefix.length)) === prefix;
}

const exifPrefix = 'Exif\0';
const xmpPrefix = 'http://ns.adobe.com/xap/1.0/\0';
const extendedXmpPrefix = 'http://ns.adobe.com/xmp/extension/\0';
const photoshopPrefix = 'Photoshop 3.0\0';

/** An APP1 segment holding only the orientation (see `exif.ts` for why it is kept). */
function orientationSegment(orientation: number): Uint8Array {
  const tiff = orientationOnlyExif(orientation);
  const payloadLength = 2 + 6 + tiff.length; // the length field counts itself
  return concatBytes([Uint8Array.of(0xff, marker.app1, payloadLength >> 8, payloadLength & 0xff), Uint8Array.from('Exif\0\0', (c) => c.charCodeAt(0)), tiff]);
}

/** JFIF APP0 with its thumbnail dimensions set to zero and the thumbnail pixels left out. */
function jfifWithoutThumbnail(payload: Uint8Array): Uint8Array {
  const kept = payload.slice(0, 14); // "JFIF\0", version, units, densities, thumbnail size
  kept[12] = 0;
  kept[13] = 0;
  const length = 2 + kept.length;
  return concatBytes([Uint8Array.of(0xff, marker.app0, length >> 8, length & 0xff), kept]);
}

/**
 * Where the entropy-coded data that follows a scan header ends: the next marker that is
 * not a stuffed byte (`FF 00`) or a restart marker (`FF D0`–`FF D7`).
 */
function endOfEntropyCodedData(data: Uint8Array, start: number): number {
  let i = start;
  for (;;) {
    i = data.indexOf(0xff, i);
    if (i < 0 || i + 1 >= data.length) return data.length;
    const next = data[i + 1]!;
    if (next === 0xff) i += 1; // fill byte before a marker
    else if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i += 2;
    else return i;
  }
}

export function stripJpegMetadata(data: Uint8Array): StrippedImage {
  if (data[0] !== 0xff || data[1] !== marker.soi) throw new MalformedImageError('no JPEG start-of-image marker');
  const found = new Set<MetadataCategory>();
  const add = (categories: Iterable<MetadataCategory>) => {
    for (const category of categories) found.add(category);
  };
  const kept: Uint8Array[] = [data.subarray(0, 2)];
  let orientationSeen = false;
  let scanSeen = false;
  let pos = 2;

  while (pos < data.length) {
    if (data[pos] !== 0xff) throw new MalformedImageError(`expected a marker at byte ${pos}`);
    while (data[pos + 1] === 0xff) pos += 1; // fill bytes
    const code = data[pos + 1];
    if (code === undefined) break;

    if (code === marker.eoi) {
      kept.push(data.subarray(pos, pos + 2));
      const trailing = data.subarray(pos + 2);
      if (trailing.some((byte) => byte !== 0)) found.add('other');
      break;
    }
    if ((code >= 0xd0 && code <= 0xd7) || code === marker.tem) {
      kept.push(data.subarray(pos, pos + 2)); // stand-alone markers carry no length
      pos += 2;
      continue;
    }
    if (pos + 4 > data.length) throw new MalformedImageError('segment header cut short');
    const segmentEnd = pos + 2 + ((data[pos + 2]! << 8) | data[pos + 3]!);
    if (segmentEnd > data.length || segmentEnd < pos + 4) throw new MalformedImageError(`segment at byte ${pos} runs past the end`);
    const segment = data.subarray(pos, segmentEnd);
    const payload = data.subarray(pos + 4, segmentEnd);

    if (code === marker.app0) {
      if (startsWith(payload, 'JFIF\0') && payload.length >= 14) {
        const hasThumbnail = payload[12]! * payload[13]! > 0;
        if (hasThumbnail) found.add('other');
        kept.push(hasThumbnail ? jfifWithoutThumbnail(payload) : segment);
      } else found.add('other');
    } else if (code === marker.app1) {
      if (startsWith(payload, exifPrefix)) {
        const summary = summariseExif(payload.subarray(6));
        add(summary.categories);
        if (!orientationSeen) {
          orientationSeen = true;
          if (summary.orientation !== 1) kept.push(orientationSegment(summary.orientation));
        }
      } else if (startsWith(payload, xmpPrefix)) {
        add(classifyXmp(new TextDecoder().decode(payload.subarray(xmpPrefix.length))));
      } else if (startsWith(payload, extendedXmpPrefix)) {
        // The continuation of a large XMP packet: 32-byte GUID and two offsets, then XML.
        add(classifyXmp(new TextDecoder().decode(payload.subarray(extendedXmpPrefix.length + 40))));
      } else found.add('other');
    } else if (code === marker.app2 && startsWith(payload, 'ICC_PROFILE\0')) {
      kept.push(segment);
    } else if (code === marker.app13) {
      add(startsWith(payload, photoshopPrefix) ? classifyPhotoshopResources(payload.subarray(photoshopPrefix.length)) : ['other']);
    } else if (code === marker.app14 && startsWith(payload, 'Adobe')) {
      kept.push(segment);
    } else if ((code >= marker.app0 && code <= marker.app15) || code === marker.com) {
      found.add('other');
    } else if (code === marker.sos) {
      scanSeen = true;
      const dataEnd = endOfEntropyCodedData(data, segmentEnd);
      kept.push(data.subarray(pos, dataEnd));
      pos = dataEnd;
      continue;
    } else if ((code >= 0xc0 && code <= 0xcf) || (code >= 0xdb && code <= 0xdf)) {
      kept.push(segment); // frame headers, Huffman/arithmetic/quantisation tables, restart interval
    } else {
      // A reserved or extension marker: not a JPEG we can vouch for (and keeping an
      // unknown segment could keep metadata), so the file is left to the caller as is.
      throw new MalformedImageError(`unexpected marker 0x${code.toString(16)} at byte ${pos}`);
    }
    pos = segmentEnd;
  }
  if (!scanSeen) throw new MalformedImageError('no image data (no start-of-scan marker)');
  return { bytes: concatBytes(kept), found };
}
