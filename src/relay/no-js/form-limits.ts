/**
 * Bounds on what the no-JavaScript form makes the relay do with one request.
 *
 * The JavaScript path hands the relay one opaque message; the no-JS path hands it a form
 * to parse, validate, clean and encrypt, which costs far more than the body's size. Three
 * bounds keep that in proportion, each measured against a 48 MiB limit that was the only
 * one before (see `docs/security.md`): a URL-encoded body of four million empty fields
 * took 4 s of CPU and 500 MB of memory; 200 000 empty multipart parts took 14 s;
 * 5 000 one-byte files became 5 000 parts of the encrypted message.
 *
 * - the body may not be longer than the attachments allowed plus room for the text
 *   fields (percent-encoded UTF-8 at worst), so a body the validation would refuse
 *   anyway is refused before it is read;
 * - the parts are counted in the raw body, before any parser runs, and a form with more
 *   than the form's fields plus `maxFormFiles` files is refused;
 * - one form is parsed and sealed at a time (`OneAtATime`): sealing holds a dozen copies
 *   of the plaintext in different encodings, and the no-JS path is the rare one.
 */

/** Most files one no-JS submission may attach. */
export const maxFormFiles = 50;

/**
 * Most parts a form may have: the form's fields (13), the locale, the honeypot and the
 * keep-originals box, room for a few a browser adds, and `maxFormFiles` files.
 */
export const maxFormParts = 24 + maxFormFiles;

/** Room for the text fields on top of the attachments: their limits add up to about 100 000 characters, up to 9 bytes each when percent-encoded. */
export const formTextAllowanceBytes = 2 * 1024 * 1024;

/** The longest no-JS body worth reading: the attachment limit plus the text fields' allowance. */
export function formBodyLimit(maxAttachmentBytes: number): number {
  return maxAttachmentBytes + formTextAllowanceBytes;
}

function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function countOccurrences(haystack: Uint8Array, needle: Uint8Array): number {
  const buffer = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  let count = 0;
  for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + needle.length)) count++;
  return count;
}

/**
 * How many parts a form body holds, counted without parsing it: `&`-separated pairs of a
 * URL-encoded body, delimiter lines of a multipart one (the closing delimiter is not a
 * part). Undefined for a multipart type without a boundary, which no parser can read.
 */
export function formPartCount(contentType: string, body: Uint8Array): number | undefined {
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    return body.length === 0 ? 0 : countOccurrences(body, Buffer.from('&')) + 1;
  }
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return undefined;
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const closing = Buffer.from(`--${boundary}--`, 'latin1');
  return Math.max(0, countOccurrences(body, delimiter) - countOccurrences(body, closing));
}

/** Runs tasks one after the other, in the order they come. */
export class OneAtATime {
  #last: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#last.then(task, task);
    this.#last = result.catch(() => undefined);
    return result;
  }
}
