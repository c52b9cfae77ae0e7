/**
 * Step two of the submission pipeline, the same in the browser and in the relay's
 * no-JavaScript fallback: a submission that passed `validate.ts` becomes the encrypted
 * message.
 *
 *   ValidSubmission
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
 * This module and everything it imports at run time is the browser's encryption chunk,
 * so it must not import the zod schemas (`record/schema.ts`), only their types:
 * the record is built from fields the schema has already checked.
 *
 * OpenPGP.js is passed in: `openpgp/lightweight` in the browser, `openpgp` in Node.
 */
import type { AttachmentRecord, SubmissionRecord, SummaryLabels } from '../record/schema.ts';
import { sha256Hex } from './bytes.ts';
import { encryptSubmission, type OpenPGPModule, type PinnedRecipients } from './encrypt.ts';
import { submissionRecordSchemaId } from '../record/form-fields.ts';
import { buildSubmissionEntity, createMimeBoundary, normaliseAttachmentName, normaliseMediaType, type EntityAttachment } from './mime.ts';
import { padEntity } from './pad.ts';
import { createReceiptCode } from '../record/receipt.ts';
import { renderSubmissionSummary } from '../record/summary.ts';
import type { ValidSubmission } from '../record/validate.ts';

/** Stages the page announces in its live region. */
export type SealingStage = 'preparing' | 'encrypting';

export interface SealOptions {
  /** The form's language: the summary is written in it. */
  locale: SubmissionRecord['locale'];
  /** Translated labels for the summary, in `locale`. */
  labels: SummaryLabels;
  /** The moment of sending (validity of keys; the record's hour). */
  now: Date;
  /** Pinned fingerprints and the fetched keys. */
  recipients: PinnedRecipients;
  /** `openpgp/lightweight` in the browser, `openpgp` in Node. */
  openpgp: OpenPGPModule;
  /** `browser`, or `relay` for the no-JavaScript fallback (the record says which). */
  encryptedIn: SubmissionRecord['encryptedIn'];
  onProgress?: (stage: SealingStage) => void;
}

export interface SealedSubmission {
  /** The ASCII-armoured OpenPGP message: the only thing to send. */
  armored: string;
  /** The receipt code to show the person. */
  receipt: string;
  /** The record that was encrypted, for the page to show what was sent (never to send). */
  record: SubmissionRecord;
}

async function prepareAttachment(input: ValidSubmission['attachments'][number], index: number): Promise<{ part: EntityAttachment; record: AttachmentRecord }> {
  const name = normaliseAttachmentName(input.name, index);
  const type = normaliseMediaType(input.type);
  // Loaded only when there is a file to clean: in the browser it is a chunk of its own,
  // fetched on attach, which keeps the encryption chunk smaller.
  const { stripImageMetadata } = await import('../image-metadata/strip-metadata.ts');
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
 * Cleans, packs, pads and encrypts a validated testimony. Throws
 * `SubmissionEncryptionError` (from `encrypt.ts`; nothing may be sent) and never
 * returns anything unencrypted.
 */
export async function sealSubmission(submission: ValidSubmission, options: SealOptions): Promise<SealedSubmission> {
  options.onProgress?.('preparing');
  const attachments = await Promise.all(submission.attachments.map(prepareAttachment));
  const receipt = createReceiptCode();
  const record: SubmissionRecord = {
    schema: submissionRecordSchemaId,
    locale: options.locale,
    receipt,
    submittedAt: roundDownToHour(options.now),
    encryptedIn: options.encryptedIn,
    fields: submission.fields,
    attachments: attachments.map((attachment) => attachment.record),
  };

  const entity = buildSubmissionEntity({
    subject: `${options.labels.subject} ${receipt}`,
    summaryText: renderSubmissionSummary(record, options.labels),
    recordJson: JSON.stringify(record, null, 2),
    recordFileName: `ngao-submission-${receipt}.json`,
    attachments: attachments.map((attachment) => attachment.part),
    boundary: createMimeBoundary(),
  });
  const padded = padEntity(entity);
  entity.fill(0);

  options.onProgress?.('encrypting');
  try {
    const armored = await encryptSubmission(padded, options.recipients, { openpgp: options.openpgp, now: options.now });
    return { armored, receipt, record };
  } finally {
    padded.fill(0);
    // Cleaned copies are ours to wipe; the caller's originals are the caller's.
    for (const { part } of attachments) if (!submission.attachments.some((a) => a.bytes === part.bytes)) part.bytes.fill(0);
  }
}
