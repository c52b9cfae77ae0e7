/**
 * The testimony form and the structured record it becomes (`ngao.submission.v1`).
 *
 * One schema for the browser form, the relay's no-JavaScript fallback and the
 * organisation's tools that read the record back. The fields follow what the UN
 * special procedures ask for before they can act on a case: who was affected, what
 * happened, when and where, who did it, what followed, what has been done already, and
 * whether the person agrees that the case be shared with them.
 *
 * This file uses `zod/mini`, the tree-shakable build of the same zod that `astro/zod`
 * exports, and not `astro/zod`: the schema is bundled into the browser's encryption
 * chunk, where classic zod costs about 25 KB gzipped and `zod/mini` about 5 KB, against
 * a budget of 70 KB that OpenPGP.js alone nearly fills.
 */
import * as z from 'zod/mini';
import { metadataCategoryOptions, type MetadataCategory } from '../submit/metadata-categories.ts';
import { receiptCodePattern } from '../submit/receipt.ts';

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

/**
 * Turns what a form posts into clean values: only the known fields, each a string or
 * `null` when empty. Text is trimmed, line breaks become `\n` (browsers post CRLF but
 * give scripts LF; both paths must produce the same record) and unpaired UTF-16
 * surrogates are replaced, so the JSON record and the text summary hold exactly the
 * same characters. Anything that is not a string (a file posted into a text field) is
 * treated as empty. Running it twice changes nothing, so a stored record parses too.
 */
function normaliseFormValues(input: unknown): Record<SubmissionFieldName, string | null> {
  const source = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const values = {} as Record<SubmissionFieldName, string | null>;
  for (const name of submissionFieldNames) {
    const raw = source[name];
    const text = typeof raw === 'string' ? raw.toWellFormed().replace(/\r\n?/g, '\n').trim() : '';
    values[name] = text === '' ? null : name === 'country' ? text.toUpperCase() : text;
  }
  return values;
}

function requiredOrInvalid(code: SubmissionErrorCode) {
  return (issue: { input?: unknown }) => (issue.input == null ? 'required' : code);
}

function requiredText(maxLength: number) {
  return z.string({ error: requiredOrInvalid('invalid') }).check(z.maxLength(maxLength, { error: 'too_long' }));
}

function optionalText(maxLength: number) {
  return z.nullable(z.string({ error: 'invalid' }).check(z.maxLength(maxLength, { error: 'too_long' })));
}

function choice<const Options extends readonly [string, ...string[]]>(options: Options) {
  return z.enum(options, { error: requiredOrInvalid('invalid_choice') });
}

/**
 * The testimony itself. Free-text fields are as the person wrote them (trimmed, line
 * breaks as `\n`); empty optional fields are `null`.
 */
const submissionFieldsObject = z.strictObject({
  /** Whether one person or a group (an organisation, a community, several people) was affected. Required. */
  affectedType: choice(affectedTypeOptions),
  /**
   * Who was affected: names, or a description that does not identify them (e.g. "a
   * trans woman, 24, peer educator") if they prefer not to be named. Required.
   */
  affected: requiredText(submissionTextLimits.affected),
  /** What happened, in the person's own words: the events, in order, with as much detail as they can give. Required. */
  whatHappened: requiredText(submissionTextLimits.whatHappened),
  /** The date it happened, `YYYY-MM-DD`, if known. Not after today. One of `whenDate` and `whenText` is required. */
  whenDate: z.nullable(z.iso.date({ error: 'invalid_date' })),
  /** When it happened, in words, if the exact date is unknown or it went on for a while ("March 2025", "since 2023"). */
  whenText: optionalText(submissionTextLimits.whenText),
  /** Country where it happened, ISO 3166-1 alpha-2 in capitals (e.g. `UG`); the form lists the countries of the site. Required. */
  country: z.string({ error: requiredOrInvalid('invalid_country') }).check(z.regex(/^[A-Z]{2}$/, { error: 'invalid_country' })),
  /** Town, district or place, as precise as the person is comfortable with. */
  locality: optionalText(submissionTextLimits.locality),
  /** Who did it: `state`, `non-state` or `unknown` (see `perpetratorTypeOptions`). Required. */
  perpetratorType: choice(perpetratorTypeOptions),
  /** Who they were, as far as known (a unit, a role, a relationship), without guessing. */
  perpetrator: optionalText(submissionTextLimits.perpetrator),
  /** What followed for the people affected: injuries, detention, loss of home or work, threats since, effects on family. */
  consequences: optionalText(submissionTextLimits.consequences),
  /** What has already been done: a complaint, a police report, a court case, other organisations told, and with what result. */
  stepsTaken: optionalText(submissionTextLimits.stepsTaken),
  /** Whether the organisation may share the case with UN mechanisms: `named`, `anonymised` or `none`. Required. */
  consent: choice(consentOptions),
  /**
   * A safe way to reply (a Signal number, an e-mail address only they read, a trusted
   * intermediary), if the person wants an answer. Optional: leaving it empty is safest
   * when their devices may be searched.
   */
  replyChannel: optionalText(submissionTextLimits.replyChannel),
});

/**
 * The fields of a testimony, from what a form posts (or from a stored record). Parsing
 * normalises first (see `normaliseFormValues`) and then checks each field; every issue's
 * `message` is one of `submissionErrorCodes`.
 */
export const submissionFieldsSchema = z.pipe(
  z.transform(normaliseFormValues),
  submissionFieldsObject.check(
    z.superRefine(
      (fields, ctx) => {
        if (fields.whenDate === null && fields.whenText === null) {
          ctx.issues.push({ code: 'custom', path: ['whenDate'], message: 'when_missing', input: null });
        }
      },
      // Run even when other fields have errors, so the form shows every error at once.
      // Safe: after normalisation both keys always exist (a string or null).
      { when: () => true },
    ),
  ),
);
export type SubmissionFields = z.infer<typeof submissionFieldsSchema>;

/** One problem with a submission: which field (or `attachments`, or the honeypot) and why. */
export interface SubmissionFieldError {
  field: SubmissionFieldName | 'attachments' | typeof honeypotFieldName;
  code: SubmissionErrorCode;
}

export type SubmissionFormValidation =
  | { success: true; fields: SubmissionFields }
  | { success: false; errors: SubmissionFieldError[] };

/** A day of slack for "today": a person east of UTC may already be in tomorrow. */
const futureDateSlackMs = 24 * 60 * 60 * 1000;

/**
 * Checks a posted form: the honeypot must be empty, every field valid, the date not
 * after today (`now`, with a day's slack for time zones). Returns the clean fields or
 * every error at once, each with a code from `submissionErrorCodes`, so the form can
 * show them all next to their fields.
 */
export function validateSubmissionForm(input: Readonly<Record<string, unknown>>, now: Date): SubmissionFormValidation {
  const errors: SubmissionFieldError[] = [];
  const honeypot = input[honeypotFieldName];
  if (honeypot !== undefined && honeypot !== '') errors.push({ field: honeypotFieldName, code: 'honeypot_filled' });

  const parsed = submissionFieldsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      const code = (submissionErrorCodes as readonly string[]).includes(issue.message) ? (issue.message as SubmissionErrorCode) : 'invalid';
      if (typeof field === 'string' && (submissionFieldNames as readonly string[]).includes(field)) {
        errors.push({ field: field as SubmissionFieldName, code });
      }
    }
  } else if (parsed.data.whenDate !== null) {
    const latestAllowed = new Date(now.getTime() + futureDateSlackMs).toISOString().slice(0, 10);
    if (parsed.data.whenDate > latestAllowed) errors.push({ field: 'whenDate', code: 'date_in_future' });
  }

  if (errors.length > 0 || !parsed.success) return { success: false, errors };
  return { success: true, fields: parsed.data };
}

/** Kinds of metadata found in or removed from a file; see `metadataCategoryOptions`. */
export const metadataCategorySchema = z.enum(metadataCategoryOptions);
export { metadataCategoryOptions, type MetadataCategory };

/** Default for the total size of a submission's attachments: 25 MiB. */
export const defaultAttachmentLimitBytes = 25 * 1024 * 1024;

/** One attached file as the form hands it to the pipeline, before anything is removed. */
export const attachmentInputSchema = z.object({
  /** The file's name on the person's device (any directory part is dropped). */
  name: z.string({ error: 'invalid_attachment' }),
  /** The MIME type the browser reported; anything that is not a plain `type/subtype` becomes `application/octet-stream`. */
  type: z.string({ error: 'invalid_attachment' }),
  /** The file's contents. */
  bytes: z.instanceof(Uint8Array, { error: 'invalid_attachment' }),
  /**
   * Send the file exactly as it is, metadata included, because the organisation asked
   * for originals (e.g. to verify a photograph). Off by default.
   */
  keepOriginal: z.boolean({ error: 'invalid_attachment' }),
});
export type AttachmentInput = z.infer<typeof attachmentInputSchema>;

/** What the record says about each attachment. */
export const attachmentRecordSchema = z.strictObject({
  /** File name as sent (directories dropped, control characters removed). */
  name: z.string().check(z.minLength(1)),
  /** MIME type as sent, lower case, e.g. `image/jpeg`. */
  type: z.string().check(z.regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/)),
  /** Size in bytes of the file as sent (after metadata removal). */
  size: z.int().check(z.nonnegative()),
  /** SHA-256 of the file as sent, 64 lower-case hex digits: `sha256sum` of the saved attachment prints the same. */
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  /** Whether the pipeline knows how to remove metadata from this kind of file (JPEG, PNG, WebP). */
  cleanable: z.boolean(),
  /** Kinds of metadata the original file held, as far as the pipeline could tell. */
  metadataFound: z.array(metadataCategorySchema),
  /** Kinds of metadata removed before sending; empty when the original was kept or nothing was found. */
  metadataRemoved: z.array(metadataCategorySchema),
  /** The person chose to send the original file, metadata included. */
  originalKept: z.boolean(),
});
export type AttachmentRecord = z.infer<typeof attachmentRecordSchema>;

/** The schema identifier written in every record; a new incompatible shape gets a new one. */
export const submissionRecordSchemaId = 'ngao.submission.v1';

/**
 * The structured record, sent as the `application/json` part of the encrypted entity.
 * Machine-readable twin of the text summary: an organisation's tools read this.
 */
export const submissionRecordSchema = z.strictObject({
  /** Always `ngao.submission.v1`. */
  schema: z.literal(submissionRecordSchemaId),
  /** The language of the form the person used (`en`, `fr`, `pt`, `ar`, `sw`), i.e. the language of the text summary. */
  locale: z.enum(['en', 'fr', 'pt', 'ar', 'sw']),
  /** The receipt code the person was shown, e.g. `7K2M-Q9XD-3HBT-0ZQE`. */
  receipt: z.string().check(z.regex(receiptCodePattern)),
  /**
   * When it was sent, in UTC, rounded down to the hour (e.g. `2026-03-14T09:00:00.000Z`):
   * precise enough to answer, too coarse to match against a network log.
   */
  submittedAt: z.iso.datetime().check(z.regex(/T\d\d:00:00(?:\.000)?Z$/)),
  /**
   * Where the testimony was encrypted: `browser` (on the person's device; the relay
   * never saw it) or `relay` (the no-JavaScript fallback: the relay saw the plain text in
   * memory and encrypted it on receipt, a weaker protection).
   */
  encryptedIn: z.enum(['browser', 'relay']),
  /** The testimony (see `submissionFieldsSchema`). */
  fields: submissionFieldsSchema,
  /** One entry per attachment, in the order of the attachment parts. */
  attachments: z.array(attachmentRecordSchema),
});
export type SubmissionRecord = z.infer<typeof submissionRecordSchema>;
