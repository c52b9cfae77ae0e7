/**
 * The plaintext of a submission: one MIME entity (RFC 2045/2046), `multipart/mixed`,
 * that a mail client shows as an ordinary message once it has decrypted it.
 *
 *   Content-Type: multipart/mixed; boundary="=_ngao_…"; protected-headers="v1"
 *   Subject: Testimony 7K2M-Q9XD-3HBT-0ZQE          ← protected: only inside the encryption
 *   ├─ text/plain; charset=utf-8, quoted-printable   the summary, in the submitter's language
 *   ├─ application/json, base64                      the record, schema ngao.submission.v1
 *   └─ one part per attachment, base64               original file name and type
 *
 * `protected-headers="v1"` tells Thunderbird and other clients that the Subject here is
 * the real one (the outer mail carries a generic subject, see the relay). The entity is
 * 7-bit ASCII with CRLF line ends throughout, so it means the same to every parser.
 * `docs/message-format.md` describes it for the people who read these messages.
 */
import { concatBytes, toHex, utf8Bytes } from './bytes.ts';
import {
  encodeBase64Lines,
  encodeHeaderText,
  encodeQuotedPrintable,
  formatHeaderParameter,
  formatParameterisedHeader,
} from './mime-encoding.ts';

const crlf = '\r\n';

/** A file to attach, already cleaned (or kept as the original). */
export interface EntityAttachment {
  name: string;
  /** A plain `type/subtype`; see `normaliseMediaType`. */
  type: string;
  bytes: Uint8Array;
}

export interface SubmissionEntityParts {
  /** The protected subject, any language. */
  subject: string;
  /** The human-readable summary (line breaks of any kind). */
  summaryText: string;
  /** The record, serialised as given. */
  recordJson: string;
  /** File name of the JSON part, e.g. `ngao-submission-7K2M-Q9XD-3HBT-0ZQE.json`. */
  recordFileName: string;
  attachments: readonly EntityAttachment[];
  /** From `createMimeBoundary`; a parameter so tests can build byte-exact entities. */
  boundary: string;
}

/**
 * A fresh boundary. It starts with `=_`, which quoted-printable and base64 can never
 * produce, so it cannot collide with any part's content whatever the person wrote;
 * the random tail keeps nested or forwarded copies apart.
 */
export function createMimeBoundary(): string {
  return `=_ngao_${toHex(crypto.getRandomValues(new Uint8Array(12)))}`;
}

/**
 * A media type safe to put in a header: `type/subtype` in lower case, parameters
 * dropped. Anything else (empty, malformed, a line break smuggled in a file's type)
 * becomes `application/octet-stream`.
 */
export function normaliseMediaType(type: string): string {
  const essence = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(essence) ? essence : 'application/octet-stream';
}

const longestFileName = 200;

/**
 * The file name to send: the name on the person's device without any directory part
 * (an old browser or a hand-made POST can send `C:\Users\<name>\…`, which names the
 * person), without control characters, and without the Unicode controls that reorder
 * text (U+202A–U+202E, U+2066–U+2069): `photo<U+202E>gpj.exe` would otherwise display
 * as `photoexe.jpg` to the person who opens it. Empty names become `attachment-N`;
 * very long names are shortened, keeping the extension.
 */
export function normaliseAttachmentName(name: string, index: number): string {
  const base = name.toWellFormed().split(/[/\\]/).pop() ?? '';
  let clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const characters = [...clean];
  if (characters.length > longestFileName) {
    const extension = /\.[^.\s]{1,10}$/.exec(clean)?.[0] ?? '';
    clean = characters.slice(0, longestFileName - [...extension].length).join('') + extension;
  }
  return clean === '' || clean === '.' || clean === '..' ? `attachment-${index + 1}` : clean;
}

function headerBlock(lines: readonly string[]): Uint8Array {
  return utf8Bytes(lines.join(crlf) + crlf + crlf);
}

function attachmentHeaders(type: string, fileName: string): Uint8Array {
  return headerBlock([
    formatParameterisedHeader('Content-Type', type, formatHeaderParameter('name', fileName)),
    'Content-Transfer-Encoding: base64',
    formatParameterisedHeader('Content-Disposition', 'attachment', formatHeaderParameter('filename', fileName)),
  ]);
}

/**
 * Builds the entity, unpadded (see `pad.ts`). It ends with the close delimiter line
 * `--boundary--` and CRLF, where the padding goes.
 */
export function buildSubmissionEntity(parts: SubmissionEntityParts): Uint8Array {
  const { boundary } = parts;
  if (!/^=_[0-9A-Za-z_.-]{1,60}$/.test(boundary)) throw new Error('buildSubmissionEntity: boundary must come from createMimeBoundary');
  const delimiter = utf8Bytes(`--${boundary}${crlf}`);
  const lineBreakThenDelimiter = utf8Bytes(`${crlf}--${boundary}${crlf}`);

  const chunks: Uint8Array[] = [
    headerBlock([
      formatParameterisedHeader('Content-Type', 'multipart/mixed', [`boundary="${boundary}"`, 'protected-headers="v1"']),
      `Subject: ${encodeHeaderText(parts.subject)}`,
      'MIME-Version: 1.0',
    ]),
    delimiter,
    headerBlock(['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', 'Content-Disposition: inline']),
    utf8Bytes(encodeQuotedPrintable(parts.summaryText)),
    lineBreakThenDelimiter,
    headerBlock([
      formatParameterisedHeader('Content-Type', 'application/json', formatHeaderParameter('name', parts.recordFileName)),
      'Content-Transfer-Encoding: base64',
      'Content-Description: ngao.submission.v1',
      formatParameterisedHeader('Content-Disposition', 'attachment', formatHeaderParameter('filename', parts.recordFileName)),
    ]),
    encodeBase64Lines(utf8Bytes(parts.recordJson)),
  ];
  for (const attachment of parts.attachments) {
    chunks.push(lineBreakThenDelimiter, attachmentHeaders(normaliseMediaType(attachment.type), attachment.name), encodeBase64Lines(attachment.bytes));
  }
  chunks.push(utf8Bytes(`${crlf}--${boundary}--${crlf}`));
  const entity = concatBytes(chunks);
  // The encoded parts are plaintext too; wipe them rather than leave them to the garbage collector.
  for (const chunk of chunks) chunk.fill(0);
  return entity;
}
