/**
 * Step one of the submission pipeline, the same in the browser and in the relay's
 * no-JavaScript fallback: checking what the person entered against the zod schema of
 * `schema.ts`. Step two, `seal/seal.ts`, takes only what this step let through.
 *
 *   form fields + attachments → validateSubmission → ValidSubmission → sealSubmission
 *
 * The two steps are separate modules so that the browser loads them as two chunks: the
 * schema library stays out of the encryption chunk, and a person who presses "Send"
 * with a field missing sees the error without waiting for OpenPGP.js.
 */
import {
  attachmentInputSchema,
  validateSubmissionForm,
  type AttachmentInput,
  type SubmissionFields,
} from './schema.ts';
import { defaultAttachmentLimitBytes, type SubmissionFieldError } from './form-fields.ts';

declare const validated: unique symbol;

/** A submission that passed `validateSubmission`; nothing else has this type. */
export interface ValidSubmission {
  /** The clean fields (trimmed, `\n` line breaks, empty optional fields `null`). */
  readonly fields: SubmissionFields;
  /** The attached files, in the order the person added them, not yet cleaned. */
  readonly attachments: readonly AttachmentInput[];
  readonly [validated]: true;
}

export interface SubmissionInput {
  /** The form's fields as posted (strings; see `submissionFieldNames`), honeypot included. */
  fields: Readonly<Record<string, unknown>>;
  /** The attached files, in the order the person added them. */
  attachments: readonly AttachmentInput[];
  /** The moment of sending: a date after it (with a day's slack) is refused. */
  now: Date;
  /** Total size allowed for attachments, in bytes; default 25 MiB. */
  maxAttachmentBytes?: number;
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

function attachmentErrors(attachments: readonly AttachmentInput[], limit: number): SubmissionFieldError[] {
  if (!attachments.every((attachment) => attachmentInputSchema.safeParse(attachment).success)) {
    return [{ field: 'attachments', code: 'invalid_attachment' }];
  }
  const total = attachments.reduce((sum, attachment) => sum + attachment.bytes.length, 0);
  return total > limit ? [{ field: 'attachments', code: 'attachments_too_large' }] : [];
}

/**
 * Checks every field and the attachments at once. Returns the submission ready to seal,
 * or throws `SubmissionValidationError` with every problem, so the form can show them
 * all next to their fields.
 */
export function validateSubmission(input: SubmissionInput): ValidSubmission {
  const validation = validateSubmissionForm(input.fields, input.now);
  const errors = [
    ...(validation.success ? [] : validation.errors),
    ...attachmentErrors(input.attachments, input.maxAttachmentBytes ?? defaultAttachmentLimitBytes),
  ];
  if (!validation.success || errors.length > 0) throw new SubmissionValidationError(errors);
  return { fields: validation.fields, attachments: input.attachments } as ValidSubmission;
}
