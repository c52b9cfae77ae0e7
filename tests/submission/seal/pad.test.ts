import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../../src/submission/seal/bytes.ts';
import { buildSubmissionEntity } from '../../../src/submission/seal/mime.ts';
import { padEntity, paddedLength, paddingFloorBytes, padmeLength } from '../../../src/submission/seal/pad.ts';

/** Byte comparison without vitest's element-by-element diffing, which is slow on large arrays. */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

describe('Padmé lengths', () => {
  it('round up so only the top bits of the length remain', () => {
    expect(padmeLength(0)).toBe(0);
    expect(padmeLength(1)).toBe(1);
    expect(padmeLength(16_384)).toBe(16_384);
    expect(padmeLength(16_385)).toBe(17_408); // E = 14, S = 4: multiples of 2^10
    expect(padmeLength(1_000_000)).toBe(1_015_808); // E = 19, S = 5: multiples of 2^14
    expect(padmeLength(25 * 1024 * 1024 + 1)).toBe(26_738_688); // E = 24, S = 5: multiples of 2^19
  });

  it('never shrink, never add more than 12 %, and are stable', () => {
    for (let length = 2; length < 3_000_000; length = Math.ceil(length * 1.0007) + 1) {
      const padded = padmeLength(length);
      expect(padded).toBeGreaterThanOrEqual(length);
      expect((padded - length) / length).toBeLessThanOrEqual(0.12);
      expect(padmeLength(padded)).toBe(padded);
    }
  });

  it('leave few distinct sizes: a length reveals little', () => {
    const sizes = new Set<number>();
    for (let length = 1; length <= 40 * 1024 * 1024; length += 997) sizes.add(paddedLength(length));
    expect(sizes.size).toBeLessThan(400); // out of 42,000 lengths sampled
  });

  it('never go below the 16 KiB floor', () => {
    expect(paddedLength(1)).toBe(paddingFloorBytes);
    expect(paddedLength(paddingFloorBytes - 1)).toBe(paddingFloorBytes);
  });
});

describe('padding an entity', () => {
  const boundary = '=_ngao_0123456789abcdef01234567';
  const entityWith = (text: string, bytes: Uint8Array) =>
    buildSubmissionEntity({
      subject: 'Testimony',
      summaryText: text,
      recordJson: '{"a":1}',
      recordFileName: 'record.json',
      attachments: [{ name: 'file.bin', type: 'application/octet-stream', bytes }],
      boundary,
    });

  it('pads to the bucket in the epilogue, and a MIME parser reads the same parts', async () => {
    for (const size of [0, 10, 20_000, 300_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7) % 256);
      const entity = entityWith('short note', bytes);
      const padded = padEntity(entity);
      expect(padded.length).toBe(paddedLength(entity.length));
      expect(sameBytes(padded.subarray(0, entity.length), entity)).toBe(true);
      const [plain, withPadding] = await Promise.all([PostalMime.parse(entity), PostalMime.parse(padded)]);
      expect(withPadding.text).toBe(plain.text);
      expect(withPadding.attachments.length).toBe(2);
      expect(sameBytes(new Uint8Array(withPadding.attachments[1]!.content as ArrayBuffer), bytes)).toBe(true);
      const tail = new TextDecoder().decode(padded.subarray(entity.length));
      expect(tail).toMatch(/^(?:\.{76}\r\n)*\.*$/);
    }
  });

  it('makes testimonies of different lengths the same size', () => {
    const short = padEntity(entityWith('Help', new Uint8Array()));
    const longer = padEntity(entityWith('A much longer account of what happened. '.repeat(100), new Uint8Array(5000)));
    expect(short.length).toBe(paddingFloorBytes);
    expect(longer.length).toBe(paddingFloorBytes);
  });

  it('refuses anything that does not end with a close delimiter', () => {
    expect(() => padEntity(utf8Bytes('Content-Type: text/plain\r\n\r\nhello\r\n'))).toThrow(/close delimiter/);
  });
});
