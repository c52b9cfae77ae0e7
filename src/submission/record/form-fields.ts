/**
 * The vocabulary of the testimony form: its fields, their options and limits, the error
 * codes a validation can produce, and the record's identifier. Plain constants shared by
 * the form page, the zod schema (`record/schema.ts`), the relay's no-JS form and
 * the encryption pipeline.
 *
 * Kept apart from the zod schema so the browser's encryption chunk, which needs some of
 * these names, does not carry the schema library: validation is a chunk of its own.
 */

/**
 * Error codes a validation can produce. The form page maps each one to a sentence in
 * the page's language; the relay's no-JS form does the same. Never shown raw.
 * - `required`: the field is empty and must be filled.
 * - `too_long`: the text is longer than the field allows (see `submissionTextLimits`).
 * - `invalid_choice`: a value that is not one of the field's options.
 * - `invalid_date`: not a real calendar date written YYYY-MM-DD.
 * - `date_in_future`: the date is after today.
 * - `invalid_country`: not a two-letter country code.
 * - `when_missing`: neither a date nor an approximate time was given.
 * - `honeypot_filled`: the hidden anti-spam field was filled (a bot, not a person).
 * - `attachments_too_large`: the attachments together exceed the size limit.
 * - `invalid_attachment`: an attachment is not a file the form can read.
 * - `invalid`: anything else (a value of the wrong kind, e.g. a file in a text field).
 */
export const submissionErrorCodes = [
  'required',
  'too_long',
  'invalid_choice',
  'invalid_date',
  'date_in_future',
  'invalid_country',
  'when_missing',
  'honeypot_filled',
  'attachments_too_large',
  'invalid_attachment',
  'invalid',
] as const;
export type SubmissionErrorCode = (typeof submissionErrorCodes)[number];

/** Longest text each free-text field takes, in characters (UTF-16 code units, as `maxlength` counts). */
export const submissionTextLimits = {
  affected: 5_000,
  whatHappened: 50_000,
  whenText: 300,
  locality: 300,
  perpetrator: 5_000,
  consequences: 20_000,
  stepsTaken: 20_000,
  replyChannel: 1_000,
} as const;

/** Whether a person or a group was affected. */
export const affectedTypeOptions = ['person', 'group'] as const;
/**
 * Who did it, as the UN distinguishes it: `state` (police, army, officials, anyone
 * acting for the state), `non-state` (family, community, religious leaders, employers,
 * armed groups), or `unknown`.
 */
export const perpetratorTypeOptions = ['state', 'non-state', 'unknown'] as const;
/**
 * What the organisation may do with the testimony towards UN mechanisms (special
 * procedures such as the Independent Expert on SOGI): `named` (share it, with names),
 * `anonymised` (share it without anything that identifies the people affected), or
 * `none` (do not share it with the UN at all).
 */
export const consentOptions = ['named', 'anonymised', 'none'] as const;

/**
 * The hidden anti-spam field. The form hides it from people (and from screen readers);
 * bots that fill every field fill it too, and the submission is refused.
 */
export const honeypotFieldName = 'website';

/** The names of the form's fields, identical in the HTML form, the no-JS POST and the record. */
export const submissionFieldNames = [
  'affectedType',
  'affected',
  'whatHappened',
  'whenDate',
  'whenText',
  'country',
  'locality',
  'perpetratorType',
  'perpetrator',
  'consequences',
  'stepsTaken',
  'consent',
  'replyChannel',
] as const;
export type SubmissionFieldName = (typeof submissionFieldNames)[number];

/** One problem with a submission: which field (or `attachments`, or the honeypot) and why. */
export interface SubmissionFieldError {
  field: SubmissionFieldName | 'attachments' | typeof honeypotFieldName;
  code: SubmissionErrorCode;
}

/** Default for the total size of a submission's attachments: 25 MiB. */
export const defaultAttachmentLimitBytes = 25 * 1024 * 1024;

/** The schema identifier written in every record; a new incompatible shape gets a new one. */
export const submissionRecordSchemaId = 'ngao.submission.v1';
