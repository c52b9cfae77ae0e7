// Metadata removal on real files: photos made by Chromium with metadata written by
// exiftool (tests/fixtures/images/), checked afterwards by exiftool itself, and the
// image data compared byte for byte with walkers written independently of the code
// under test.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../../../src/submission/seal/bytes.ts';
import { detectImageFormat, stripImageMetadata } from '../../../src/submission/image-metadata/strip-metadata.ts';

const fixtures = new URL('../../fixtures/images/', import.meta.url).pathname;
const read = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
const workDir = mkdtempSync(join(tmpdir(), 'ngao-strip-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/** Every tag exiftool finds, as "Group:Tag" → value. */
function exiftoolTags(bytes: Uint8Array, name: string): Record<string, unknown> {
  const file = join(workDir, name);
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync('exiftool', ['-j', '-G1', '-a', file], { encoding: 'utf8' }))[0];
}

function exiftoolValidation(bytes: Uint8Array, name: string): string {
  const file = join(workDir, name);
  writeFileSync(file, bytes);
  return execFileSync('exiftool', ['-validate', '-error', '-s3', file], { encoding: 'utf8' }).trim();
}

/** JPEG: the segments and entropy-coded data the decoder uses, i.e. everything but APPn and COM. */
function jpegImageData(bytes: Uint8Array): Uint8Array[] {
  const kept: Uint8Array[] = [];
  let pos = 2;
  while (pos < bytes.length) {
    const marker = bytes[pos + 1]!;
    if (marker === 0xd9) {
      kept.push(bytes.subarray(pos, pos + 2));
      break;
    }
    const end = pos + 2 + ((bytes[pos + 2]! << 8) | bytes[pos + 3]!);
    const isMetadata = (marker >= 0xe0 && marker <= 0xef) || marker === 0xfe;
    if (marker === 0xda) {
      let scanEnd = end;
      while (!(bytes[scanEnd] === 0xff && bytes[scanEnd + 1] !== 0 && !(bytes[scanEnd + 1]! >= 0xd0 && bytes[scanEnd + 1]! <= 0xd7))) scanEnd++;
      kept.push(bytes.subarray(pos, scanEnd));
      pos = scanEnd;
      continue;
    }
    if (!isMetadata) kept.push(bytes.subarray(pos, end));
    pos = end;
  }
  return kept;
}

/** PNG: every chunk except text, time and EXIF chunks, whole (CRC included). */
function pngImageChunks(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const kept: Uint8Array[] = [];
  for (let pos = 8; pos < bytes.length; ) {
    const end = pos + 12 + view.getUint32(pos);
    const type = latin1(bytes.subarray(pos + 4, pos + 8));
    if (!['tEXt', 'zTXt', 'iTXt', 'tIME', 'eXIf'].includes(type)) kept.push(bytes.subarray(pos, end));
    pos = end;
  }
  return kept;
}

/** WebP: the chunks that hold pixels (bitstreams, alpha, animation frames) and the colour profile. */
function webpImageChunks(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const kept: Uint8Array[] = [];
  for (let pos = 12; pos < bytes.length; ) {
    const size = view.getUint32(pos + 4, true);
    const type = latin1(bytes.subarray(pos, pos + 4));
    if (['VP8 ', 'VP8L', 'ALPH', 'ANMF', 'ANIM', 'ICCP'].includes(type)) kept.push(bytes.subarray(pos, pos + 8 + size));
    pos += 8 + size + (size % 2);
  }
  return kept;
}

const imageData = { jpg: jpegImageData, png: pngImageChunks, webp: webpImageChunks } as const;
const allowedGroups = new Set(['SourceFile', 'ExifTool', 'System', 'File', 'JFIF', 'ICC-header', 'ICC_Profile', 'ICC-view', 'ICC-meas', 'PNG', 'RIFF', 'Composite', 'IFD0']);
const canaries = ['Canary', 'CANARY', 'NgaoTestPhone', '0.3136', 'CanaryCity'];

describe.each(['jpg', 'png', 'webp'] as const)('a %s photo with GPS, camera, owner and dates', (extension) => {
  const original = read(`gps.${extension}`);
  const copy = original.slice();

  it('comes back with no metadata but the orientation, and says what it held', async () => {
    const result = await stripImageMetadata(original);
    expect(result.cleanable).toBe(true);
    expect(result.found).toEqual(expect.arrayContaining(['location', 'device', 'date', 'owner', 'software']));
    expect(result.found.indexOf('location')).toBe(0);

    const tags = exiftoolTags(result.bytes, `clean.${extension}`);
    for (const key of Object.keys(tags)) expect(allowedGroups, key).toContain(key.split(':')[0]);
    expect(Object.keys(tags).filter((key) => key.startsWith('IFD0:'))).toEqual(['IFD0:Orientation']);
    expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
    for (const key of ['PNG:Author', 'PNG:Comment', 'PNG:CreationTime', 'File:Comment']) expect(tags).not.toHaveProperty(key);
    const text = latin1(result.bytes);
    for (const canary of canaries) expect(text).not.toContain(canary);
    expect(exiftoolValidation(result.bytes, `valid.${extension}`)).not.toMatch(/error/i);
  });

  it('keeps the image data byte for byte', async () => {
    const result = await stripImageMetadata(original);
    expect(sameBytes(concatBytes(imageData[extension](result.bytes)), concatBytes(imageData[extension](original)))).toBe(true);
    expect(imageData[extension](result.bytes).length).toBeGreaterThan(0);
  });

  it('does not modify its input', async () => {
    await stripImageMetadata(original);
    expect(sameBytes(original, copy)).toBe(true);
  });
});

describe.each(['jpg', 'png', 'webp'] as const)('a %s without metadata', (extension) => {
  it('comes back identical, with nothing found', async () => {
    const original = read(`plain.${extension}`);
    const result = await stripImageMetadata(original);
    expect(result).toMatchObject({ cleanable: true, found: [] });
    expect(sameBytes(result.bytes, original)).toBe(true);
  });
});

describe('formats we cannot clean', () => {
  it('are recognised by content, not by name', () => {
    expect(detectImageFormat(read('gps.jpg'))).toBe('jpeg');
    expect(detectImageFormat(read('gps.png'))).toBe('png');
    expect(detectImageFormat(read('gps.webp'))).toBe('webp');
    expect(detectImageFormat(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
  });

  it('come back unchanged and marked unsupported', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Author (Canary) >> endobj\n');
    const result = await stripImageMetadata(pdf);
    expect(result).toMatchObject({ cleanable: false, reason: 'unsupported', found: [] });
    expect(result.bytes).toBe(pdf);
  });

  it('broken images come back unchanged and marked malformed', async () => {
    const jpeg = read('gps.jpg');
    const png = read('gps.png');
    const webp = read('gps.webp');
    const unknownCritical = png.slice();
    unknownCritical.set(new TextEncoder().encode('ABCD'), 8 + 25 + 4); // signature, IHDR, length: rename the next chunk to an unknown critical type
    const oversizedRiff = webp.slice();
    new DataView(oversizedRiff.buffer).setUint32(4, webp.length * 2, true);
    const cases = {
      'JPEG cut inside its first segment': jpeg.subarray(0, 30),
      'JPEG without image data': concatBytes([jpeg.subarray(0, 2), Uint8Array.of(0xff, 0xd9)]),
      'PNG cut inside a chunk': png.subarray(0, 60),
      'PNG with an unknown critical chunk': unknownCritical,
      'WebP with a RIFF size past the end': oversizedRiff,
    };
    for (const [label, bytes] of Object.entries(cases)) {
      const result = await stripImageMetadata(bytes);
      expect(result, label).toMatchObject({ cleanable: false, reason: 'malformed' });
      expect(result.bytes, label).toBe(bytes);
    }
  });
});

describe('hidden extras', () => {
  it('data after the end of a JPEG (a second picture, a motion-photo video) is removed', async () => {
    const plain = read('plain.jpg');
    const trailer = new TextEncoder().encode('ftypmp42 Canary video with GPS');
    const result = await stripImageMetadata(concatBytes([plain, trailer]));
    expect(result.found).toEqual(['other']);
    expect(sameBytes(result.bytes, plain)).toBe(true);
  });

  it('a compressed XMP text chunk in a PNG is opened to tell the person it holds a location', async () => {
    const png = read('plain.png');
    const xmp = '<x:xmpmeta><rdf:Description exif:GPSLatitude="0,18.8N"/></x:xmpmeta>';
    const compressed = new Uint8Array(await new Response(new Blob([xmp]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer());
    const data = concatBytes([new TextEncoder().encode('XML:com.adobe.xmp'), Uint8Array.of(0, 0), compressed]);
    const chunk = new Uint8Array(12 + data.length);
    new DataView(chunk.buffer).setUint32(0, data.length);
    chunk.set(new TextEncoder().encode('zTXt'), 4);
    chunk.set(data, 8); // the CRC is left zero: the chunk is dropped, never checked
    const withChunk = concatBytes([png.subarray(0, 33), chunk, png.subarray(33)]);
    const result = await stripImageMetadata(withChunk);
    expect(result.found).toEqual(['location']);
    expect(sameBytes(result.bytes, png)).toBe(true);
  });

  it('an upright photo gets no EXIF at all', async () => {
    const tagged = join(workDir, 'upright.jpg');
    writeFileSync(tagged, read('plain.jpg'));
    execFileSync('exiftool', ['-q', '-overwrite_original', '-EXIF:Orientation#=1', '-EXIF:Make=Canary', tagged]);
    const result = await stripImageMetadata(new Uint8Array(readFileSync(tagged)));
    expect(result.found).toEqual(['device']);
    expect(sameBytes(result.bytes, read('plain.jpg'))).toBe(true);
  });
});

describe('damaged files', () => {
  it('never throw: each comes back cleaned, or unchanged and marked', async () => {
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const name of ['gps.jpg', 'gps.png', 'gps.webp']) {
      const original = read(name);
      for (let round = 0; round < 300; round++) {
        const damaged = original.slice(0, Math.max(4, Math.floor(original.length * (0.5 + random() / 2))));
        for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips--) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
        const result = await stripImageMetadata(damaged);
        if (!result.cleanable) expect(result.bytes).toBe(damaged);
        else expect(result.bytes.length).toBeLessThanOrEqual(damaged.length + 64); // at most an orientation block added
      }
    }
  });
});
