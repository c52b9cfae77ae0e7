/**
 * The MIME encodings the submission entity uses, written out so the browser bundle
 * needs no MIME library: base64 bodies (RFC 2045 §6.8), quoted-printable text
 * (RFC 2045 §6.7), encoded words in headers (RFC 2047) and parameter values in any
 * language (RFC 2231).
 *
 * Everything these functions produce is 7-bit ASCII in lines of at most 78 characters,
 * so the entity survives any tool that handles mail, and its boundary (which starts
 * with `=_`, a sequence neither quoted-printable nor base64 can produce) can never
 * occur inside a part.
 */
import { utf8Bytes } from './bytes.ts';

const crlf = '\r\n';
const base64Alphabet = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));
const equalsSign = 0x3d;
const carriageReturn = 0x0d;
const lineFeed = 0x0a;

/** Bytes of input per base64 line: 57 bytes make exactly 76 characters. */
const base64BytesPerLine = 57;

/**
 * Base64 of the bytes as ASCII bytes, in lines of 76 characters separated by CRLF, with
 * no line break after the last line (the CRLF before the next boundary belongs to the
 * boundary). Writes straight into one output array: attachments can be 25 MiB.
 */
export function encodeBase64Lines(data: Uint8Array): Uint8Array {
  const encodedLength = Math.ceil(data.length / 3) * 4;
  const lineCount = Math.ceil(data.length / base64BytesPerLine);
  const out = new Uint8Array(encodedLength + Math.max(0, lineCount - 1) * 2);
  let o = 0;
  for (let lineStart = 0; lineStart < data.length; lineStart += base64BytesPerLine) {
    if (lineStart > 0) {
      out[o++] = carriageReturn;
      out[o++] = lineFeed;
    }
    const lineEnd = Math.min(lineStart + base64BytesPerLine, data.length);
    let i = lineStart;
    for (; i + 2 < lineEnd; i += 3) {
      const triple = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      out[o++] = base64Alphabet[triple >> 18]!;
      out[o++] = base64Alphabet[(triple >> 12) & 63]!;
      out[o++] = base64Alphabet[(triple >> 6) & 63]!;
      out[o++] = base64Alphabet[triple & 63]!;
    }
    const rest = lineEnd - i;
    if (rest === 1) {
      const first = data[i]!;
      out[o++] = base64Alphabet[first >> 2]!;
      out[o++] = base64Alphabet[(first & 3) << 4]!;
      out[o++] = equalsSign;
      out[o++] = equalsSign;
    } else if (rest === 2) {
      const pair = (data[i]! << 8) | data[i + 1]!;
      out[o++] = base64Alphabet[pair >> 10]!;
      out[o++] = base64Alphabet[(pair >> 4) & 63]!;
      out[o++] = base64Alphabet[(pair & 15) << 2]!;
      out[o++] = equalsSign;
    }
  }
  return out;
}

/** Base64 of a short byte string on one line (for encoded words). */
function base64OneLine(data: Uint8Array): string {
  let text = '';
  for (const code of encodeBase64Lines(data)) if (code !== carriageReturn && code !== lineFeed) text += String.fromCharCode(code);
  return text;
}

const hexDigits = '0123456789ABCDEF';
function hexEscape(byte: number, prefix: string): string {
  return prefix + hexDigits[byte >> 4]! + hexDigits[byte & 15]!;
}

/** Longest encoded line before its soft line break `=` (so lines stay ≤ 76 characters). */
const qpLineLimit = 75;

/**
 * Quoted-printable of a text, as the body of a `text/plain; charset=utf-8` part.
 * Line breaks of any kind become CRLF (the canonical form of text in MIME); they are
 * hard line breaks and decode back to CRLF. Printable ASCII stays readable, so a
 * person reading the decrypted entity in a terminal sees Latin-script text as typed;
 * every other byte (tabs included) is written `=XX`. A space before a line break is
 * escaped so no transport can strip it, and long lines get soft breaks (`=` at the
 * end) that a decoder removes.
 */
export function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => encodeQuotedPrintableLine(utf8Bytes(line)))
    .join(crlf);
}

function encodeQuotedPrintableLine(bytes: Uint8Array): string {
  let encoded = '';
  let lineLength = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    const isLastByte = i === bytes.length - 1;
    // Tabs are escaped too, so the entity holds only printable ASCII and CRLF.
    const isLiteral = (byte >= 0x21 && byte <= 0x7e && byte !== equalsSign) || (byte === 0x20 && !isLastByte);
    const token = isLiteral ? String.fromCharCode(byte) : hexEscape(byte, '=');
    if (lineLength + token.length > qpLineLimit) {
      encoded += '=' + crlf;
      lineLength = 0;
    }
    encoded += token;
    lineLength += token.length;
  }
  return encoded;
}

/**
 * Short printable ASCII with no `=?` (which would look like the start of an encoded
 * word) and no space at either end (parsers drop it from a plain header value).
 */
function isPlainHeaderText(text: string): boolean {
  return text.length <= 60 && /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/.test(text) && !text.includes('=?');
}

/**
 * UTF-8 bytes per encoded word: 39 bytes are 52 base64 characters, a 64-character
 * word, so even the first line (`Subject: ` and a word) stays within 76 characters.
 */
const encodedWordBytes = 39;

/**
 * A header value that may hold any language, for unstructured headers such as
 * `Subject`. Short plain ASCII is returned as it is; anything else becomes RFC 2047
 * `=?utf-8?B?…?=` words, folded onto continuation lines of at most 76 characters and
 * never splitting a character between two words (RFC 2047 §5 forbids it).
 */
export function encodeHeaderText(text: string): string {
  if (isPlainHeaderText(text)) return text;
  const words: number[][] = [];
  let word: number[] = [];
  for (const character of text) {
    const bytes = utf8Bytes(character);
    if (word.length + bytes.length > encodedWordBytes) {
      words.push(word);
      word = [];
    }
    word.push(...bytes);
  }
  if (word.length > 0) words.push(word);
  return words.map((bytes) => `=?utf-8?B?${base64OneLine(Uint8Array.from(bytes))}?=`).join(crlf + ' ');
}

/** Characters RFC 2231 lets through unescaped in an extended value (`attribute-char`). */
function isAttributeChar(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // digits
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    '!#$&+-.^_`|~'.includes(String.fromCharCode(byte))
  );
}

/** Longest value section per line; with the name and `*N*=` the line stays < 78. */
const parameterSectionLength = 56;

/**
 * One MIME header parameter, e.g. a file name, as the sections to place after `;` in
 * a `Content-Type` or `Content-Disposition` header, one per folded line.
 *
 * Printable ASCII without quotes or backslashes is written as a quoted string. Any
 * other value (another script, an emoji, a control character) is written in the
 * RFC 2231 extended form, `name*=utf-8''%E2%80%A6`, which every current mail client
 * reads. Long values are cut into numbered sections (`name*0*=…; name*1*=…`), never
 * inside a `%XX` escape or a multi-byte character.
 */
export function formatHeaderParameter(name: string, value: string): string[] {
  const isQuotable = /^[\x20-\x7e]*$/.test(value) && !/["\\]/.test(value);
  if (isQuotable) {
    if (value.length <= parameterSectionLength) return [`${name}="${value}"`];
    const sections = value.match(new RegExp(`[^]{1,${parameterSectionLength}}`, 'g'))!;
    return sections.map((section, index) => `${name}*${index}="${section}"`);
  }
  const escapedCharacters: string[] = [];
  for (const character of value) {
    let escaped = '';
    for (const byte of utf8Bytes(character)) escaped += isAttributeChar(byte) ? String.fromCharCode(byte) : hexEscape(byte, '%');
    escapedCharacters.push(escaped);
  }
  const charsetPrefix = "utf-8''";
  const sections: string[] = [];
  let current = charsetPrefix;
  for (const escaped of escapedCharacters) {
    if (current.length + escaped.length > parameterSectionLength && current !== charsetPrefix && current.length > 0) {
      sections.push(current);
      current = '';
    }
    current += escaped;
  }
  sections.push(current);
  if (sections.length === 1) return [`${name}*=${sections[0]}`];
  return sections.map((section, index) => `${name}*${index}*=${section}`);
}

/** A header line with parameters, each parameter section folded onto its own line. */
export function formatParameterisedHeader(field: string, value: string, parameters: readonly string[]): string {
  return [`${field}: ${value}`, ...parameters].join(';' + crlf + ' ');
}
