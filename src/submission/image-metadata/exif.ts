/**
 * Reading EXIF (a TIFF structure) just enough to tell a person what it held, and to
 * write the one EXIF entry worth keeping: the orientation.
 *
 * Why keep the orientation: phones store pictures the way the sensor saw them and say
 * in EXIF how to turn them ("rotate 90°"). Browsers, viewers and mail clients follow
 * that tag. Dropping it would leave the pixels untouched but show a portrait photo
 * lying on its side, and a person might then re-take or edit the picture. So a
 * stripped image gets a new EXIF block of exactly one entry, Orientation, and nothing
 * that says where, when, or with what it was taken.
 */
import type { MetadataCategory } from './metadata-categories.ts';

/** What an EXIF block held, in a person's terms, and its orientation (1 = upright). */
export interface ExifSummary {
  categories: Set<MetadataCategory>;
  orientation: number;
}

const orientationTag = 0x0112;

/** Tags that only describe how the pixels are stored; nothing to tell a person about. */
const structuralTags = new Set([
  0x0100, 0x0101, 0x0102, 0x0103, 0x0106, 0x0111, 0x0115, 0x0116, 0x0117, 0x011a, 0x011b, 0x011c, 0x0128, 0x0201, 0x0202,
  0x0211, 0x0212, 0x0213, 0x0214, orientationTag, 0x8769, 0x8825, 0xa005, 0x9000, 0x9101, 0xa000, 0xa001, 0xa002, 0xa003,
]);

const tagCategories = new Map<number, MetadataCategory>([
  [0x010f, 'device'], // Make
  [0x0110, 'device'], // Model
  [0x927c, 'device'], // MakerNote: vendor data, often serial numbers
  [0xa431, 'device'], // BodySerialNumber
  [0xa432, 'device'], // LensSpecification
  [0xa433, 'device'], // LensMake
  [0xa434, 'device'], // LensModel
  [0xa435, 'device'], // LensSerialNumber
  [0x0131, 'software'], // Software
  [0x000b, 'software'], // ProcessingSoftware
  [0x0132, 'date'], // DateTime
  [0x9003, 'date'], // DateTimeOriginal
  [0x9004, 'date'], // DateTimeDigitized
  [0x9010, 'date'], // OffsetTime
  [0x9011, 'date'], // OffsetTimeOriginal
  [0x9012, 'date'], // OffsetTimeDigitized
  [0x9290, 'date'], // SubSecTime
  [0x9291, 'date'], // SubSecTimeOriginal
  [0x9292, 'date'], // SubSecTimeDigitized
  [0x013b, 'owner'], // Artist
  [0x8298, 'owner'], // Copyright
  [0xa430, 'owner'], // CameraOwnerName
  [0x9c9d, 'owner'], // XPAuthor (Windows)
]);

const exifIfdPointer = 0x8769;
const gpsIfdPointer = 0x8825;

/**
 * Summarises an EXIF block given as TIFF bytes (`II*\0…` or `MM\0*…`, without the
 * `Exif\0\0` prefix JPEG puts in front). Never throws: a damaged block counts as
 * `other` and upright, and it is removed all the same.
 */
export function summariseExif(tiff: Uint8Array): ExifSummary {
  const categories = new Set<MetadataCategory>();
  let orientation = 1;
  try {
    const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
    const byteOrder = String.fromCharCode(tiff[0]!, tiff[1]!);
    if (byteOrder !== 'II' && byteOrder !== 'MM') throw new Error('not TIFF');
    const little = byteOrder === 'II';
    const u16 = (at: number) => view.getUint16(at, little);
    const u32 = (at: number) => view.getUint32(at, little);
    if (u16(2) !== 42) throw new Error('not TIFF');

    const visited = new Set<number>();
    const readIfd = (offset: number, isFirst: boolean): void => {
      if (visited.has(offset) || visited.size > 16) return; // loops and absurd chains in hostile files
      visited.add(offset);
      const count = u16(offset);
      for (let i = 0; i < count; i++) {
        const entry = offset + 2 + i * 12;
        const tag = u16(entry);
        if (tag === orientationTag && isFirst) {
          const type = u16(entry + 2);
          const value = type === 3 ? u16(entry + 8) : type === 4 ? u32(entry + 8) : 1;
          if (value >= 1 && value <= 8) orientation = value;
        } else if (tag === exifIfdPointer) {
          readIfd(u32(entry + 8), false);
        } else if (tag === gpsIfdPointer) {
          // A GPS section counts as location even if its entries cannot be read.
          categories.add('location');
        } else if (!structuralTags.has(tag)) {
          categories.add(tagCategories.get(tag) ?? 'other');
        }
      }
      if (isFirst) {
        // IFD1 is the embedded thumbnail: a small copy of the picture, sometimes of the
        // picture before it was cropped or blurred.
        const next = u32(offset + 2 + count * 12);
        if (next !== 0) categories.add('other');
      }
    };
    readIfd(u32(4), true);
  } catch {
    categories.add('other');
  }
  return { categories, orientation };
}

/**
 * A TIFF block holding only the orientation (big-endian, one entry in IFD0, no next
 * IFD): 26 bytes, nothing else about the picture.
 */
export function orientationOnlyExif(orientation: number): Uint8Array {
  const tiff = new Uint8Array(26);
  const view = new DataView(tiff.buffer);
  tiff.set([0x4d, 0x4d, 0x00, 0x2a]); // "MM", 42
  view.setUint32(4, 8); // IFD0 right after the header
  view.setUint16(8, 1); // one entry
  view.setUint16(10, orientationTag);
  view.setUint16(12, 3); // SHORT
  view.setUint32(14, 1); // one value
  view.setUint16(18, orientation); // value, left-justified in the 4-byte field
  view.setUint32(22, 0); // no further IFD
  return tiff;
}
