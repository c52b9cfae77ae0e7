/**
 * Removing hidden information from photos before they are encrypted: where a picture
 * was taken, with which phone, when, by whom. A photo of an injury sent with its GPS
 * coordinates can lead to the person who took it.
 *
 * JPEG, PNG and WebP are cleaned losslessly: metadata lives in separate segments or
 * chunks, so we copy the picture's own bytes unchanged and leave the rest out (see
 * `image-metadata/`). The format is recognised from the file's first bytes, not from
 * its name or the type the browser reports, so a renamed photo is still cleaned.
 *
 * Other files (PDF, Office documents, videos, HEIC…) can carry metadata too, and we do
 * not know how to remove it without damaging them: they come back unchanged with
 * `cleanable: false`, so the page can say so before anything is sent.
 */
import { metadataCategoryOptions, type MetadataCategory } from './metadata-categories.ts';
import { stripJpegMetadata } from './jpeg.ts';
import { stripPngMetadata } from './png.ts';
import { MalformedImageError, type StrippedImage } from './stripped-image.ts';
import { stripWebpMetadata } from './webp.ts';

export type CleanableFormat = 'jpeg' | 'png' | 'webp';

export type MetadataStripResult =
  | {
      /** The file was understood and is returned without metadata. */
      cleanable: true;
      format: CleanableFormat;
      /** The cleaned file: same pixels, no metadata (except an orientation entry, see `image-metadata/exif.ts`). */
      bytes: Uint8Array;
      /** What was found and removed, in a fixed order (location first); empty if the file was already clean. */
      found: MetadataCategory[];
    }
  | {
      /** The file is returned unchanged: not a format we clean, or one we could not read. */
      cleanable: false;
      /** `unsupported`: another kind of file. `malformed`: looks like JPEG/PNG/WebP but its structure is broken or unusual. */
      reason: 'unsupported' | 'malformed';
      format: CleanableFormat | null;
      bytes: Uint8Array;
      /** Always empty: nothing was looked at. */
      found: MetadataCategory[];
    };

/** Recognises JPEG, PNG and WebP by their signatures. */
export function detectImageFormat(bytes: Uint8Array): CleanableFormat | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

const stripByFormat: Record<CleanableFormat, (bytes: Uint8Array) => StrippedImage | Promise<StrippedImage>> = {
  jpeg: stripJpegMetadata,
  png: stripPngMetadata,
  webp: stripWebpMetadata,
};

/**
 * Removes EXIF, XMP, IPTC, comments and similar metadata from a JPEG, PNG or WebP file
 * without touching its pixels, and says which kinds of information it found. Never
 * throws on bad input: anything it cannot handle comes back unchanged and marked
 * `cleanable: false`. The input is not modified.
 */
export async function stripImageMetadata(bytes: Uint8Array): Promise<MetadataStripResult> {
  const format = detectImageFormat(bytes);
  if (format === null) return { cleanable: false, reason: 'unsupported', format: null, bytes, found: [] };
  try {
    const stripped = await stripByFormat[format](bytes);
    const found = metadataCategoryOptions.filter((category) => stripped.found.has(category));
    return { cleanable: true, format, bytes: stripped.bytes, found };
  } catch (error) {
    if (error instanceof MalformedImageError || error instanceof RangeError) {
      return { cleanable: false, reason: 'malformed', format, bytes, found: [] };
    }
    throw error;
  }
}
