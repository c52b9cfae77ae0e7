import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { summaryLabels } from '../../submission/record/summary-labels.ts';
import { localeSchema, type Locale } from '../../schemas/common.ts';
import type { AttachmentInput } from '../../submission/record/schema.ts';
import { honeypotFieldName, submissionFieldNames } from '../../submission/record/form-fields.ts';
import { sealSubmission } from '../../submission/seal/seal.ts';
import { SubmissionValidationError, validateSubmission } from '../../submission/record/validate.ts';
import type { SpoolArmoured } from '../http/app.ts';
import { failurePage, localeFromAcceptLanguage, receiptPage, validationErrorPage } from './form-pages.ts';
import { useTranslations } from '../../i18n/index.ts';
import type { LimitedBody } from '../http/request-body.ts';

/**
 * `POST /api/submissions/form`: the form without JavaScript. Clearly the weaker path —
 * the testimony crosses the network inside TLS only and is encrypted here — so it does
 * the least possible with the plaintext: the fields and files are parsed from the body
 * in memory, validated with the form's own schema, and turned into the very same
 * encrypted message by the browser's two pipeline steps (`src/submission/record/validate.ts`, then
 * `src/submission/seal/seal.ts`). Only the
 * ciphertext goes on: through the same verification as any submission, into the spool.
 * The plaintext never touches the disk and is never logged; the buffers that held it are
 * zeroed afterwards (best effort: copies inside the runtime are beyond reach).
 *
 * Every answer is an HTML page in the form's language, since a browser shows it as it is.
 */

export interface FormRequest {
  contentType: string | undefined;
  acceptLanguage: string | undefined;
  /** Whether the client may post now (the relay's rate limit). */
  rateLimit(): { allowed: true } | { allowed: false; retryAfterSeconds: number };
  /** Reads the body within the relay's limits. */
  readBody(): Promise<LimitedBody>;
}

export interface FormAnswer {
  status: number;
  html: string;
  headers?: Record<string, string>;
  /** For the log line: `accepted`, or why not. */
  outcome: string;
  /** The submission id, when one was stored. */
  id?: string;
  /** The submission went through `spoolArmoured`, which wrote its own log line. */
  logged?: true;
}

export interface FormFallbackOptions {
  siteDir: string;
  enabled: boolean;
  /** The current recipient keys, as the form encrypts to them (fingerprints and armoured keys). */
  recipients(): Promise<{ pinnedFingerprints: string[]; armoredKeys: string[] }>;
  maxAttachmentBytes?: number;
  now?: () => Date;
}

const formTypes = ['multipart/form-data', 'application/x-www-form-urlencoded'];

export function createFormFallback(options: FormFallbackOptions) {
  const now = options.now ?? (() => new Date());

  async function receiptTemplate(locale: Locale): Promise<string | undefined> {
    return readFile(join(options.siteDir, locale, 'submit', 'received', 'index.html'), 'utf8').catch(() => undefined);
  }

  return async function handleFormSubmission(request: FormRequest, spoolArmoured: SpoolArmoured): Promise<FormAnswer> {
    const guessedLocale = localeFromAcceptLanguage(request.acceptLanguage);
    if (!options.enabled) return { status: 404, html: failurePage(guessedLocale, 'submit.noJsUnavailable'), outcome: 'rejected:fallback_disabled' };

    const decision = request.rateLimit();
    if (!decision.allowed) {
      return {
        status: 429,
        html: failurePage(guessedLocale, 'failure.rateLimited'),
        headers: { 'Retry-After': String(decision.retryAfterSeconds) },
        outcome: 'rejected:rate_limited',
      };
    }
    const mediaType = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!formTypes.includes(mediaType)) return { status: 415, html: failurePage(guessedLocale, 'failure.server'), outcome: 'rejected:unsupported_media_type' };

    const received = await request.readBody();
    if (!received.ok) {
      if (received.problem === 'too_large') {
        return { status: 413, html: failurePage(guessedLocale, 'failure.tooLarge'), headers: { Connection: 'close' }, outcome: 'rejected:too_large' };
      }
      return {
        status: received.problem === 'busy' ? 503 : 400,
        html: failurePage(guessedLocale, 'failure.server'),
        ...(received.problem === 'busy' ? { headers: { 'Retry-After': '30' } } : {}),
        outcome: `rejected:${received.problem === 'busy' ? 'busy' : 'bad_request'}`,
      };
    }

    const attachments: AttachmentInput[] = [];
    const written: Record<string, string> = {};
    let locale = guessedLocale;
    try {
      let form: FormData;
      try {
        form = await new Request('http://relay.invalid/', {
          method: 'POST',
          headers: { 'Content-Type': request.contentType! },
          body: received.body as Uint8Array<ArrayBuffer>,
        }).formData();
      } catch {
        return { status: 400, html: failurePage(locale, 'failure.server'), outcome: 'rejected:bad_request' };
      }

      const chosen = localeSchema.safeParse(form.get('locale'));
      if (chosen.success) locale = chosen.data;
      for (const name of [...submissionFieldNames, honeypotFieldName]) {
        const value = form.get(name);
        if (typeof value === 'string') written[name] = value;
      }
      const keepOriginal = form.get('keepOriginals') === 'yes';
      for (const file of form.getAll('attachments')) {
        // A file input left empty still posts one nameless, empty part.
        if (typeof file === 'string' || (file.name === '' && file.size === 0)) continue;
        attachments.push({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()), keepOriginal });
      }

      let armored: string;
      let receipt: string;
      try {
        const moment = now();
        const submission = validateSubmission({
          fields: written,
          attachments,
          now: moment,
          ...(options.maxAttachmentBytes ? { maxAttachmentBytes: options.maxAttachmentBytes } : {}),
        });
        ({ armored, receipt } = await sealSubmission(submission, {
          locale,
          labels: summaryLabels(useTranslations(locale)),
          now: moment,
          recipients: await options.recipients(),
          openpgp,
          encryptedIn: 'relay',
        }));
      } catch (error) {
        if (error instanceof SubmissionValidationError) {
          return { status: 422, html: validationErrorPage(locale, error.errors, written), outcome: 'rejected:invalid_form' };
        }
        return { status: 500, html: failurePage(locale, 'failure.server'), outcome: 'rejected:encryption_failed' };
      }

      const stored = await spoolArmoured(new TextEncoder().encode(armored));
      if (!stored.ok) {
        return {
          status: stored.code === 'spool_unavailable' ? 503 : 500,
          html: failurePage(locale, 'failure.server'),
          outcome: `rejected:${stored.code}`,
          logged: true,
        };
      }
      return { status: 200, html: receiptPage(locale, receipt, await receiptTemplate(locale)), outcome: 'accepted', id: stored.id, logged: true };
    } finally {
      // The body held the testimony in the clear, and so did the files read from it.
      received.body.fill(0);
      for (const attachment of attachments) attachment.bytes.fill(0);
      received.release();
    }
  };
}

export type FormFallback = ReturnType<typeof createFormFallback>;
