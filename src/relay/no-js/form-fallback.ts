import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { useTranslations } from '../../i18n/index.ts';
import { localeSchema, type Locale } from '../../schemas/common.ts';
import { defaultAttachmentLimitBytes, honeypotFieldName, submissionFieldNames } from '../../submission/record/form-fields.ts';
import type { AttachmentInput } from '../../submission/record/schema.ts';
import { summaryLabels } from '../../submission/record/summary-labels.ts';
import { SubmissionValidationError, validateSubmission } from '../../submission/record/validate.ts';
import { sealSubmission } from '../../submission/seal/seal.ts';
import type { AcceptSubmission } from '../accept/accept.ts';
import { refusalHeaders, relayErrors, type RelayErrorCode } from '../http/error-codes.ts';
import type { FormAnswer, FormEndpoint, FormRequest } from '../http/form-endpoint.ts';
import type { LimitedBody } from '../http/request-body.ts';
import { formBodyLimit, formPartCount, maxFormFiles, maxFormParts, OneAtATime } from './form-limits.ts';
import { ReceiptHandoff } from './receipt-handoff.ts';
import { failurePage, localeFromAcceptLanguage, receiptPage, validationErrorPage } from './form-pages.ts';

/**
 * `POST /api/submissions/form`: the form without JavaScript. Clearly the weaker path —
 * the testimony crosses the network inside TLS only and is encrypted here — so it does
 * the least possible with the plaintext: the fields and files are parsed from the body
 * in memory, validated with the form's own schema, and turned into the very same
 * encrypted message by the browser's two pipeline steps (`src/submission/record/validate.ts`,
 * then `src/submission/seal/seal.ts`). Only the ciphertext goes on: through the accept
 * step every submission takes (`accept/accept.ts`), into the spool. The plaintext never
 * touches the disk and is never logged; the buffers that held it are zeroed afterwards
 * (best effort: copies inside the runtime are beyond reach).
 *
 * Every answer is an HTML page in the form's language, since a browser shows it as it
 * is; its status and headers are those of `http/error-codes.ts`.
 */

export type { FormAnswer, FormRequest };

export interface FormFallbackOptions {
  siteDir: string;
  enabled: boolean;
  /** The current recipient keys, as the form encrypts to them (fingerprints and armoured keys). */
  recipients(): Promise<{ pinnedFingerprints: string[]; armoredKeys: string[] }>;
  /** Where the ciphertext goes once sealed: the same step as the API's. */
  accept: AcceptSubmission;
  maxAttachmentBytes?: number;
  now?: () => Date;
}

type FailureReason = Parameters<typeof failurePage>[1];

/** What the form posted, read from the body in memory. */
interface PostedForm {
  locale: Locale | undefined;
  written: Record<string, string>;
  attachments: AttachmentInput[];
}

const formTypes = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/** A refusal page with the status and headers that `code` has everywhere in the relay. */
function refusal(code: RelayErrorCode, locale: Locale, reason: FailureReason, outcome = `rejected:${code}`): FormAnswer {
  const headers = refusalHeaders(code);
  return { status: relayErrors[code].status, html: failurePage(locale, reason), outcome, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
}

/** The checks made before a byte of the body is read: switched on, within the rate limit, a form. */
function refuseBeforeReading(enabled: boolean, request: FormRequest, locale: Locale): FormAnswer | undefined {
  if (!enabled) return refusal('fallback_disabled', locale, 'submit.noJsUnavailable');
  const decision = request.rateLimit();
  if (!decision.allowed) {
    return { ...refusal('rate_limited', locale, 'failure.rateLimited'), headers: { 'Retry-After': String(decision.retryAfterSeconds) } };
  }
  const mediaType = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!formTypes.includes(mediaType)) return refusal('unsupported_media_type', locale, 'failure.server');
  return undefined;
}

/**
 * Parses the posted fields and files; undefined when the body is not a readable form.
 * Files go into the caller's `attachments`, so the caller can zero them whatever happens.
 */
async function readPostedForm(body: Uint8Array, contentType: string, attachments: AttachmentInput[]): Promise<PostedForm | 'too_many_files' | undefined> {
  let form: FormData;
  try {
    form = await new Request('http://relay.invalid/', { method: 'POST', headers: { 'Content-Type': contentType }, body: body as Uint8Array<ArrayBuffer> }).formData();
  } catch {
    return undefined;
  }
  const chosen = localeSchema.safeParse(form.get('locale'));
  const written: Record<string, string> = {};
  for (const name of [...submissionFieldNames, honeypotFieldName]) {
    const value = form.get(name);
    if (typeof value === 'string') written[name] = value;
  }
  const keepOriginal = form.get('keepOriginals') === 'yes';
  if (form.getAll('attachments').length > maxFormFiles) return 'too_many_files';
  for (const file of form.getAll('attachments')) {
    // A file input left empty still posts one nameless, empty part.
    if (typeof file === 'string' || (file.name === '' && file.size === 0)) continue;
    attachments.push({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()), keepOriginal });
  }
  return { locale: chosen.success ? chosen.data : undefined, written, attachments };
}

export function createFormFallback(options: FormFallbackOptions): FormEndpoint {
  const now = options.now ?? (() => new Date());
  const bodyLimit = formBodyLimit(options.maxAttachmentBytes ?? defaultAttachmentLimitBytes);
  // One form is parsed and sealed at a time: each holds its whole body and files in memory.
  const sealing = new OneAtATime();
  const receipts = new ReceiptHandoff();

  async function receiptTemplate(locale: Locale): Promise<string | undefined> {
    return readFile(join(options.siteDir, locale, 'submit', 'received', 'index.html'), 'utf8').catch(() => undefined);
  }

  /** Validates and encrypts what was posted, exactly as the browser would; a page when the form has mistakes. */
  async function seal(posted: PostedForm, locale: Locale): Promise<{ armored: string; receipt: string } | FormAnswer> {
    try {
      const moment = now();
      const submission = validateSubmission({
        fields: posted.written,
        attachments: posted.attachments,
        now: moment,
        ...(options.maxAttachmentBytes ? { maxAttachmentBytes: options.maxAttachmentBytes } : {}),
      });
      return await sealSubmission(submission, {
        locale,
        labels: summaryLabels(useTranslations(locale)),
        now: moment,
        recipients: await options.recipients(),
        openpgp,
        encryptedIn: 'relay',
      });
    } catch (error) {
      if (error instanceof SubmissionValidationError) {
        return { status: relayErrors.invalid_form.status, html: validationErrorPage(locale, error.errors, posted.written), outcome: 'rejected:invalid_form' };
      }
      return refusal('internal_error', locale, 'failure.server', 'rejected:encryption_failed');
    }
  }

  /** Parses, validates, seals and accepts one form whose body passed the bounds. */
  async function sealForm(received: Extract<LimitedBody, { ok: true }>, request: FormRequest, guessedLocale: Locale): Promise<FormAnswer> {
    const attachments: AttachmentInput[] = [];
    try {
      const posted = await readPostedForm(received.body, request.contentType!, attachments);
      if (!posted) return refusal('bad_request', guessedLocale, 'failure.server');
      if (posted === 'too_many_files') return refusal('too_large', guessedLocale, 'failure.tooLarge', 'rejected:too_many_parts');
      const locale = posted.locale ?? guessedLocale;

      const sealed = await seal(posted, locale);
      if ('html' in sealed) return sealed;

      const accepted = await options.accept(new TextEncoder().encode(sealed.armored));
      if (!accepted.ok) {
        // The spool may be full; a refusal of the relay's own ciphertext is the relay's fault.
        const code = accepted.code === 'spool_unavailable' ? 'spool_unavailable' : 'internal_error';
        return { ...refusal(code, locale, 'failure.server', `rejected:${accepted.code}`), logged: true };
      }
      // See Other, so that the browser's history entry is a GET without the testimony in it (receipt-handoff.ts).
      const token = receipts.put({ locale, receipt: sealed.receipt });
      return { status: 303, html: '', headers: { Location: `${receiptPathPrefix}${token}` }, outcome: 'accepted', id: accepted.id, logged: true };
    } finally {
      // The body held the testimony in the clear, and so did the files read from it.
      received.body.fill(0);
      for (const attachment of attachments) attachment.bytes.fill(0);
      received.release();
    }
  }

  async function handleFormSubmission(request: FormRequest): Promise<FormAnswer> {
    const guessedLocale = localeFromAcceptLanguage(request.acceptLanguage);
    const early = refuseBeforeReading(options.enabled, request, guessedLocale);
    if (early) return early;

    const received = await request.readBody(bodyLimit);
    if (!received.ok) {
      if (received.problem === 'too_large') return refusal('too_large', guessedLocale, 'failure.tooLarge');
      return refusal(received.problem === 'busy' ? 'busy' : 'bad_request', guessedLocale, 'failure.server');
    }
    // Parts are counted in the raw body before any parser runs: a parser given a million
    // empty parts spends seconds and hundreds of megabytes before a limit could apply.
    const parts = formPartCount(request.contentType!, received.body);
    if (parts === undefined || parts > maxFormParts) {
      received.body.fill(0);
      received.release();
      return parts === undefined ? refusal('bad_request', guessedLocale, 'failure.server') : refusal('too_large', guessedLocale, 'failure.tooLarge', 'rejected:too_many_parts');
    }
    return sealing.run(() => sealForm(received, request, guessedLocale));
  }

  /** `GET /api/submissions/form/received/<token>`: the receipt page the POST redirected to, while the token lasts. */
  async function receiptAnswer(token: string, acceptLanguage: string | undefined): Promise<FormAnswer> {
    const handed = receipts.get(token);
    if (!handed) return { status: 404, html: failurePage(localeFromAcceptLanguage(acceptLanguage), 'received.expired'), outcome: 'receipt_expired' };
    return { status: 200, html: receiptPage(handed.locale, handed.receipt, await receiptTemplate(handed.locale)), outcome: 'receipt_shown' };
  }

  return Object.assign(handleFormSubmission, { receiptAnswer });
}

/** Where the no-JS form's receipt pages live; the token follows. */
export const receiptPathPrefix = '/api/submissions/form/received/';

export type FormFallback = ReturnType<typeof createFormFallback>;
