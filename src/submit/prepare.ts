/**
 * The whole submission pipeline in one call, the same in the browser and in the
 * relay's no-JavaScript fallback:
 *
 *   form fields + attachments
 *     → validate (zod schema)          → SubmissionValidationError with every field error
 *     → remove image metadata          (unless the person keeps the original)
 *     → record (ngao.submission.v1) + text summary in the person's language
 *     → MIME entity → padding → OpenPGP encryption to the pinned keys
 *     → { armored, receipt, record }
 *
 * Nothing here touches the network, storage or the DOM. The caller (the form page or
 * the relay) sends `armored` and shows `receipt`; nothing else leaves this function.
 * The plaintext buffers built here are zeroed as soon as they are no longer needed, so
 * the testimony lingers in memory less (best effort: strings, the caller's own copies
 * and OpenPGP.js's internal buffers are beyond our reach).
 *
 * Browser use (the encryption chunk loads on the first interaction with the form):
 *
 *   const [{ prepareSubmission }, openpgp] = await Promise.all([
 *     import('../submit/prepare.ts'), import('openpgp/lightweight')]);
 *
 * Relay use: `import * as openpgp from 'openpgp'` and `encryptedIn: 'relay'`.
 */
import {
  attachmentInputSchema,
  defaultAttachmentLimitBytes,
  submissionRecordSchema,
  submissionRecordSchemaId,
  validateSubmissionForm,
  type AttachmentInput,
  type AttachmentRecord,
  type SubmissionFieldError,
  type SubmissionRecord,
} from '../schemas/submission.ts';
import { sha256Hex } from './bytes.ts';
import { encryptSubmission, type OpenPGPModule, type PinnedRecipients } from './encrypt.ts';
import { buildSubmissionEntity, createMimeBoundary, normaliseAttachmentName, normaliseMediaType, type EntityAttachment } from './mime.ts';
import { padEntity } from './pad.ts';
import { createReceiptCode } from './receipt.ts';
import { renderSubmissionSummary, type SummaryLabels } from './summary.ts';

/** Stages the page announces in its live region. */
export type PreparationStage = 'preparing' | 'encrypting';

export interface PrepareSubmissionInput {
  /** The form's fields as posted (strings; see `submissionFieldNames`), honeypot included. */
  fields: Readonly<Record<string, unknown>>;
  /** The attached files, in the order the person added them. */
  attachments: readonly AttachmentInput[];
  /** The form's language: the summary is written in it. */
  locale: SubmissionRecord['locale'];
  /** Translated labels for the summary, in `locale`. */
  labels: SummaryLabels;
  /** The moment of sending (validity of dates and keys; the record's hour). */
  now: Date;
  /** Pinned fingerprints and the fetched keys. */
  recipients: PinnedRecipients;
  /** `openpgp/lightweight` in the browser, `openpgp` in Node. */
  openpgp: OpenPGPModule;
  /** `browser`, or `relay` for the no-JavaScript fallback (the record says which). */
  encryptedIn: SubmissionRecord['encryptedIn'];
  /** Total size allowed for attachments, in bytes; default 25 MiB. */
  maxAttachmentBytes?: number;
  onProgress?: (stage: PreparationStage) => void;
}

export interface PreparedSubmission {
  /** The ASCII-armoured OpenPGP message: the only thing to send. */
  armored: string;
  /** The receipt code to show the person. */
  receipt: string;
  /** The record that was encrypted, for the page to show what was sent (never to send). */
  record: SubmissionRecord;
}

/** The submission is not valid; `errors` lists every problem, each with a code the page translates. */
export class SubmissionValidationError extends Error {
  override name = 'SubmissionValidationError';
  readonly errors: readonly SubmissionFieldError[];
  constructor(errors: readonly SubmissionFieldError[]) {
    super(`submission refused: ${errors.map((e) => `${e.field}: ${e.code}`).join(', ')}`);
    this.errors = errors;
  }
}

function validateAttachments(attachments: readonly AttachmentInput[], limit: number): SubmissionFieldError[] {
  if (!attachments.every((attachment) => attachmentInputSchema.safeParse(attachment).success)) {
    return [{ field: 'attachments', code: 'invalid_attachment' }];
  }
  const total = attachments.reduce((sum, attachment) => sum + attachment.bytes.length, 0);
  return total > limit ? [{ field: 'attachments', code: 'attachments_too_large' }] : [];
}

async function prepareAttachment(input: AttachmentInput, index: number): Promise<{ part: EntityAttachment; record: AttachmentRecord }> {
  const name = normaliseAttachmentName(input.name, index);
  const type = normaliseMediaType(input.type);
  // Loaded only when there is a file to clean: in the browser it is a chunk of its own,
  // fetched on attach, which keeps the encryption chunk smaller.
  const { stripImageMetadata } = await import('./strip-metadata.ts');
  const stripped = await stripImageMetadata(input.bytes);
  const bytes = input.keepOriginal ? input.bytes : stripped.bytes;
  const record: AttachmentRecord = {
    name,
    type,
    size: bytes.length,
    sha256: await sha256Hex(bytes),
    cleanable: stripped.cleanable,
    metadataFound: [...stripped.found],
    metadataRemoved: input.keepOriginal ? [] : [...stripped.found],
    originalKept: input.keepOriginal,
  };
  return { part: { name, type, bytes }, record };
}

/** "2026-03-14T09:00:00.000Z" for any time between 09:00 and 09:59 UTC. */
function roundDownToHour(moment: Date): string {
  return new Date(Math.floor(moment.getTime() / 3_600_000) * 3_600_000).toISOString();
}

/**
 * Validates, cleans, packs, pads and encrypts a testimony. Throws
 * `SubmissionValidationError` (nothing was encrypted; show the errors) or
 * `SubmissionEncryptionError` (from `encrypt.ts`; nothing may be sent).
 */
export async function prepareSubmission(input: PrepareSubmissionInput): Promise<PreparedSubmission> {
  input.onProgress?.('preparing');
  const validation = validateSubmissionForm(input.fields, input.now);
  const errors = [
    ...(validation.success ? [] : validation.errors),
    ...validateAttachments(input.attachments, input.maxAttachmentBytes ?? defaultAttachmentLimitBytes),
  ];
  if (!validation.success || errors.length > 0) throw new SubmissionValidationError(errors);

  const attachments = await Promise.all(input.attachments.map(prepareAttachment));
  const receipt = createReceiptCode();
  const record = submissionRecordSchema.parse({
    schema: submissionRecordSchemaId,
    locale: input.locale,
    receipt,
    submittedAt: roundDownToHour(input.now),
    encryptedIn: input.encryptedIn,
    fields: validation.fields,
    attachments: attachments.map((attachment) => attachment.record),
  } satisfies SubmissionRecord);

  const entity = buildSubmissionEntity({
    subject: `${input.labels.subject} ${receipt}`,
    summaryText: renderSubmissionSummary(record, input.labels),
    recordJson: JSON.stringify(record, null, 2),
    recordFileName: `ngao-submission-${receipt}.json`,
    attachments: attachments.map((attachment) => attachment.part),
    boundary: createMimeBoundary(),
  });
  const padded = padEntity(entity);
  entity.fill(0);

  input.onProgress?.('encrypting');
  try {
    const armored = await encryptSubmission(padded, input.recipients, { openpgp: input.openpgp, now: input.now });
    return { armored, receipt, record };
  } finally {
    padded.fill(0);
    // Cleaned copies are ours to wipe; the caller's originals are the caller's.
    for (const { part } of attachments) if (!input.attachments.some((a) => a.bytes === part.bytes)) part.bytes.fill(0);
  }
}
