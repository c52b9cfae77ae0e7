// The MIME builder against a real MIME parser (postal-mime): whatever a person types or
// names their files, the parser must read back exactly that.
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { concatBytes, utf8Bytes } from '../../../src/submission/seal/bytes.ts';
import {
  buildSubmissionEntity,
  createMimeBoundary,
  normaliseAttachmentName,
  normaliseMediaType,
  type SubmissionEntityParts,
} from '../../../src/submission/seal/mime.ts';
import { encodeBase64Lines, encodeHeaderText, encodeQuotedPrintable, formatHeaderParameter } from '../../../src/submission/seal/mime-encoding.ts';
import { seededRandom } from '../../support/seeded-random.ts';

/** Random values from a seed, so a failing case can be replayed. */
function randomSource(seed: number) {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const pieces = [
  'a', 'Z', '0', ' ', '  ', '\t', '=', '==', '=?', '?=', '.', '..', '-', '--', '_', '"', "'", '\\', ';', '%', '%20', '&', '*', '/', ':',
  '\n', '\r\n', '\r', '\n\n', ' \n', '\t\n', 'From ', 'é', 'ñ', 'ß', 'Ŵ', 'مرحبا', 'ك', '\u200f', 'עברית', '中文', '日本語', '😀', '👩🏾‍⚖️', '🏳️‍🌈', 'e\u0301',
  '\u00a0', '\u2028', '\u0000', '\u0007', '\u007f', 'Ω', 'x'.repeat(90), 'ā'.repeat(40), '--=_ngao_',
];

function randomText(random: ReturnType<typeof randomSource>, maxPieces: number): string {
  const count = Math.floor(random.next() * maxPieces);
  let text = '';
  for (let i = 0; i < count; i++) text += random.pick(pieces);
  return text;
}

function parts(overrides: Partial<SubmissionEntityParts> = {}): SubmissionEntityParts {
  return {
    subject: 'Testimony 7K2M-Q9XD-3HBT-0ZQE',
    summaryText: 'Summary',
    recordJson: '{"schema":"ngao.submission.v1"}',
    recordFileName: 'ngao-submission-7K2M-Q9XD-3HBT-0ZQE.json',
    attachments: [],
    boundary: '=_ngao_0123456789abcdef01234567',
    ...overrides,
  };
}

function asciiLines(entity: Uint8Array): string[] {
  for (const byte of entity) if (byte > 0x7e || (byte < 0x20 && byte !== 0x0d && byte !== 0x0a)) throw new Error(`non-ASCII byte ${byte}`);
  const text = new TextDecoder().decode(entity);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare CR or LF
  return text.split('\r\n');
}

describe('base64 bodies', () => {
  it('match the platform decoder for every length, in lines of 76 characters', () => {
    const random = randomSource(1);
    for (let length = 0; length < 400; length++) {
      const data = Uint8Array.from({ length }, () => Math.floor(random.next() * 256));
      const encoded = new TextDecoder().decode(encodeBase64Lines(data));
      const lines = encoded === '' ? [] : encoded.split('\r\n');
      for (const [index, line] of lines.entries()) {
        if (index < lines.length - 1) expect(line).toHaveLength(76);
        else expect(line.length).toBeLessThanOrEqual(76);
      }
      expect(Uint8Array.from(atob(lines.join('')), (c) => c.charCodeAt(0))).toEqual(data);
    }
  });
});

describe('quoted-printable text', () => {
  it('keeps printable ASCII readable and lines within 76 characters', () => {
    const encoded = encodeQuotedPrintable('Police came at 9 = nine.\nLine with trailing space \n' + 'word '.repeat(40));
    const lines = encoded.split('\r\n');
    expect(lines[0]).toBe('Police came at 9 =3D nine.');
    expect(lines[1]).toBe('Line with trailing space=20');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    for (const line of lines) expect(line).not.toMatch(/[ \t]$/);
  });
});

describe('header values', () => {
  it('leaves plain ASCII as it is and encodes the rest in words of at most 75 characters', () => {
    expect(encodeHeaderText('Testimony 7K2M')).toBe('Testimony 7K2M');
    const encoded = encodeHeaderText('Ushuhuda — مرحبا '.repeat(6));
    for (const line of encoded.split('\r\n')) {
      expect(line.trim()).toMatch(/^=\?utf-8\?B\?[A-Za-z0-9+/=]+\?=$/);
      expect(line.trim().length).toBeLessThanOrEqual(75);
    }
  });

  it('writes file names as quoted strings or RFC 2231 sections', () => {
    expect(formatHeaderParameter('filename', 'photo 1.jpg')).toEqual(['filename="photo 1.jpg"']);
    expect(formatHeaderParameter('filename', 'é.jpg')).toEqual(["filename*=utf-8''%C3%A9.jpg"]);
    expect(formatHeaderParameter('filename', 'a"b.txt')).toEqual(["filename*=utf-8''a%22b.txt"]);
    const long = formatHeaderParameter('filename', 'ملف '.repeat(20) + '.pdf');
    expect(long.length).toBeGreaterThan(1);
    expect(long[0]).toMatch(/^filename\*0\*=utf-8''/);
    expect(long[1]).toMatch(/^filename\*1\*=[^']/);
    for (const section of long) expect(section.length).toBeLessThan(77);
  });
});

describe('the submission entity', () => {
  it('has the documented layout, byte for byte', () => {
    const entity = buildSubmissionEntity(
      parts({ summaryText: 'Hello', recordJson: '{}', attachments: [{ name: 'a.txt', type: 'text/plain', bytes: utf8Bytes('hi') }] }),
    );
    expect(new TextDecoder().decode(entity)).toBe(
      [
        'Content-Type: multipart/mixed;',
        ' boundary="=_ngao_0123456789abcdef01234567";',
        ' protected-headers="v1"',
        'Subject: Testimony 7K2M-Q9XD-3HBT-0ZQE',
        'MIME-Version: 1.0',
        '',
        '--=_ngao_0123456789abcdef01234567',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        'Content-Disposition: inline',
        '',
        'Hello',
        '--=_ngao_0123456789abcdef01234567',
        'Content-Type: application/json;',
        ' name="ngao-submission-7K2M-Q9XD-3HBT-0ZQE.json"',
        'Content-Transfer-Encoding: base64',
        'Content-Description: ngao.submission.v1',
        'Content-Disposition: attachment;',
        ' filename="ngao-submission-7K2M-Q9XD-3HBT-0ZQE.json"',
        '',
        'e30=',
        '--=_ngao_0123456789abcdef01234567',
        'Content-Type: text/plain;',
        ' name="a.txt"',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment;',
        ' filename="a.txt"',
        '',
        'aGk=',
        '--=_ngao_0123456789abcdef01234567--',
        '',
      ].join('\r\n'),
    );
  });

  it('is read back exactly by a real MIME parser, whatever the text, names and bytes', async () => {
    const random = randomSource(20260314);
    for (let round = 0; round < 150; round++) {
      const summaryText = randomText(random, 60);
      const subject = randomText(random, 12).replace(/[\r\n]/g, ' ') || 'x';
      const record = { schema: 'ngao.submission.v1', text: randomText(random, 40) };
      const attachments = Array.from({ length: Math.floor(random.next() * 4) }, (_, index) => ({
        name: normaliseAttachmentName(randomText(random, 8) + '.bin', index),
        type: random.pick(['image/jpeg', 'application/pdf', 'text/plain', 'application/octet-stream']),
        bytes: Uint8Array.from({ length: Math.floor(random.next() * 3000) }, () => Math.floor(random.next() * 256)),
      }));
      const entity = buildSubmissionEntity(parts({ summaryText, subject, recordJson: JSON.stringify(record), attachments, boundary: createMimeBoundary() }));

      for (const line of asciiLines(entity)) expect(line.length, line).toBeLessThanOrEqual(78);
      const email = await PostalMime.parse(entity);
      // postal-mime counts the line break before a boundary as part of a text body.
      expect(email.text).toBe(summaryText.replace(/\r\n?/g, '\n') + '\n');
      expect(email.subject).toBe(subject);
      expect(email.attachments).toHaveLength(attachments.length + 1);
      const [json, ...files] = email.attachments;
      expect(json!.mimeType).toBe('application/json');
      expect(JSON.parse(new TextDecoder().decode(json!.content as ArrayBuffer))).toEqual(record);
      files.forEach((file, index) => {
        expect(file.filename).toBe(attachments[index]!.name);
        expect(file.mimeType).toBe(attachments[index]!.type);
        expect(new Uint8Array(file.content as ArrayBuffer)).toEqual(attachments[index]!.bytes);
      });
    }
  });

  it('keeps an empty attachment empty', async () => {
    const email = await PostalMime.parse(buildSubmissionEntity(parts({ attachments: [{ name: 'empty.txt', type: 'text/plain', bytes: new Uint8Array() }] })));
    expect((email.attachments[1]!.content as ArrayBuffer).byteLength).toBe(0);
  });

  it('ends with the close delimiter line, where padding goes', () => {
    const entity = buildSubmissionEntity(parts());
    expect(new TextDecoder().decode(entity.subarray(-40))).toMatch(/\r\n--=_ngao_0123456789abcdef01234567--\r\n$/);
  });

  it('refuses a boundary that could occur in a part', () => {
    expect(() => buildSubmissionEntity(parts({ boundary: 'simple' }))).toThrow(/boundary/);
    expect(createMimeBoundary()).toMatch(/^=_ngao_[0-9a-f]{24}$/);
  });
});

describe('attachment names and types', () => {
  it('drop directories, control and bidi-override characters', () => {
    expect(normaliseAttachmentName('C:\\Users\\amina\\Pictures\\raid.jpg', 0)).toBe('raid.jpg');
    expect(normaliseAttachmentName('/home/amina/raid.jpg', 0)).toBe('raid.jpg');
    expect(normaliseAttachmentName('photo\u202Egpj.exe', 0)).toBe('photogpj.exe');
    expect(normaliseAttachmentName('a\r\nContent-Type: x.jpg', 0)).toBe('aContent-Type: x.jpg');
    expect(normaliseAttachmentName('صورة.jpg', 0)).toBe('صورة.jpg');
    expect(normaliseAttachmentName('   ', 2)).toBe('attachment-3');
    expect(normaliseAttachmentName('..', 0)).toBe('attachment-1');
  });

  it('shorten very long names but keep the extension', () => {
    const name = normaliseAttachmentName('😀'.repeat(300) + '.jpeg', 0);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.jpeg')).toBe(true);
  });

  it('reduce a type to type/subtype, or application/octet-stream', () => {
    expect(normaliseMediaType('IMAGE/JPEG')).toBe('image/jpeg');
    expect(normaliseMediaType('text/plain; charset=utf-8')).toBe('text/plain');
    expect(normaliseMediaType('')).toBe('application/octet-stream');
    expect(normaliseMediaType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
  });
});

it('concatBytes joins in order', () => {
  expect(concatBytes([Uint8Array.of(1), new Uint8Array(), Uint8Array.of(2, 3)])).toEqual(Uint8Array.of(1, 2, 3));
});
