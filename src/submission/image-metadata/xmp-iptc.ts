/**
 * Telling a person what an XMP packet or a Photoshop/IPTC block held. Only the
 * reporting depends on this: the blocks are removed whole, whatever they contain.
 * When in doubt the answer is `other`, never nothing.
 */
import type { MetadataCategory } from './metadata-categories.ts';
import { summariseExif } from './exif.ts';

/** XMP property names (namespace prefix and local name, as commonly written) by category. */
const xmpPatterns: readonly [MetadataCategory, RegExp][] = [
  ['location', /exif:GPS|photoshop:(?:City|State|Country)|Iptc4xmpCore:(?:Location|CountryCode)|Iptc4xmpExt:Location/],
  ['device', /tiff:(?:Make|Model)|exifEX:(?:Lens|BodySerialNumber|CameraOwner)|aux:(?:SerialNumber|Lens)/],
  ['date', /xmp:(?:CreateDate|ModifyDate|MetadataDate)|photoshop:DateCreated|exif:DateTime/],
  ['owner', /dc:(?:creator|rights)|xmpRights:|photoshop:(?:AuthorsPosition|Credit)|Iptc4xmpCore:CreatorContactInfo|plus:/],
  ['software', /xmp:CreatorTool|stEvt:softwareAgent/],
  ['other', /xmpMM:|dc:(?:description|title|subject)|photoshop:History/],
];

/** Categories of an XMP packet (XML text). */
export function classifyXmp(xml: string): Set<MetadataCategory> {
  const categories = new Set<MetadataCategory>();
  for (const [category, pattern] of xmpPatterns) if (pattern.test(xml)) categories.add(category);
  if (categories.size === 0) categories.add('other');
  return categories;
}

/** IPTC IIM datasets of record 2 (application record) by category. */
const iptcDatasetCategories = new Map<number, MetadataCategory>([
  [80, 'owner'], // By-line
  [85, 'owner'], // By-line Title
  [110, 'owner'], // Credit
  [115, 'owner'], // Source
  [116, 'owner'], // Copyright Notice
  [55, 'date'], // Date Created
  [60, 'date'], // Time Created
  [62, 'date'], // Digital Creation Date
  [63, 'date'], // Digital Creation Time
  [90, 'location'], // City
  [92, 'location'], // Sub-location
  [95, 'location'], // Province/State
  [100, 'location'], // Country Code
  [101, 'location'], // Country Name
  [65, 'software'], // Originating Program
  [70, 'software'], // Program Version
]);

/** Categories of an IPTC IIM stream (a sequence of `0x1C record dataset length value`). */
function classifyIptc(iim: Uint8Array, categories: Set<MetadataCategory>): void {
  let pos = 0;
  while (pos + 5 <= iim.length && iim[pos] === 0x1c) {
    const record = iim[pos + 1]!;
    const dataset = iim[pos + 2]!;
    const length = (iim[pos + 3]! << 8) | iim[pos + 4]!;
    if (length & 0x8000) {
      categories.add('other'); // extended length: rare, not worth decoding for a report
      return;
    }
    if (record === 2 && dataset !== 0) categories.add(iptcDatasetCategories.get(dataset) ?? 'other');
    pos += 5 + length;
  }
}

const photoshopSignature = '8BIM';
const iptcResource = 0x0404;
const exifResources = new Set([0x0422, 0x0423]);
const xmpResource = 0x0424;

/**
 * Categories of a Photoshop image-resource block (the body of a JPEG APP13
 * `Photoshop 3.0` segment, after its signature): IPTC captions, copyright, and
 * sometimes embedded EXIF or XMP copies.
 */
export function classifyPhotoshopResources(block: Uint8Array): Set<MetadataCategory> {
  const categories = new Set<MetadataCategory>();
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  let pos = 0;
  try {
    while (pos + 12 <= block.length) {
      if (String.fromCharCode(...block.subarray(pos, pos + 4)) !== photoshopSignature) break;
      const resourceId = view.getUint16(pos + 4);
      const nameLength = block[pos + 6]!;
      let dataStart = pos + 7 + nameLength;
      if ((nameLength + 1) % 2 === 1) dataStart += 1; // the Pascal name is padded to an even size
      const dataLength = view.getUint32(dataStart);
      const data = block.subarray(dataStart + 4, dataStart + 4 + dataLength);
      if (resourceId === iptcResource) classifyIptc(data, categories);
      else if (exifResources.has(resourceId)) for (const c of summariseExif(data).categories) categories.add(c);
      else if (resourceId === xmpResource) for (const c of classifyXmp(new TextDecoder().decode(data))) categories.add(c);
      pos = dataStart + 4 + dataLength + (dataLength % 2);
    }
  } catch {
    categories.add('other');
  }
  if (categories.size === 0) categories.add('other');
  return categories;
}
