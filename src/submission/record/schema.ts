/**
 * The testimony form and the structured record it becomes (`ngao.submission.v1`).
 *
 * One schema for the browser form, the relay's no-JavaScript fallback and the
 * organisation's tools that read the record back. The fields follow what the UN
 * special procedures ask for before they can act on a case: who was affected, what
 * happened, when and where, who did it, what followed, what has been done already, and
 * whether the person agrees that the case be shared with them.
 *
 * The form's vocabulary (field names, options, limits, error codes) is plain constants
 * in `form-fields.ts` beside it; this file holds the zod schemas built on it. In the
 * browser these schemas are the validation chunk, loaded on the first interaction with
 * the form beside the encryption chunk, which never imports this file at run time.
 * `zod/mini` is the tree-shakable build of the same zod that `astro/zod` exports: about
 * 8 KB gzipped in that chunk, where classic zod would cost about 25 KB.
 */
import * as z from 'zod/mini';
import { localeCodes } from '../../i18n/languages.ts';
import { metadataCategoryOptions, type MetadataCategory } from '../image-metadata/metadata-categories.ts';
import {
  affectedTypeOptions,
  consentOptions,
  honeypotFieldName,
  perpetratorTypeOptions,
  submissionErrorCodes,
  submissionFieldNames,
  submissionRecordSchemaId,
  submissionTextLimits,
  type SubmissionErrorCode,
  type SubmissionFieldError,
  type SubmissionFieldName,
} from './form-fields.ts';
import { receiptCodePattern } from './receipt.ts';

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

/**
 * The structured record, sent as the `application/json` part of the encrypted entity.
 * Machine-readable twin of the text summary: an organisation's tools read this.
 */
export const submissionRecordSchema = z.strictObject({
  /** Always `ngao.submission.v1`. */
  schema: z.literal(submissionRecordSchemaId),
  /** The language of the form the person used (a code of `src/i18n/languages.ts`, e.g. `fr`), i.e. the language of the text summary. */
  locale: z.enum(localeCodes),
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

const label = z.string().check(z.minLength(1));

/** The translated words of the text summary (`summary.ts`); a schema, so a test can check every locale has them all. */
export const summaryLabelsSchema = z.strictObject({
  /** The protected `Subject:` header, followed by the receipt code, e.g. "Testimony". */
  subject: label,
  /** First line of the summary, e.g. "Testimony sent through the secure form". */
  title: label,
  /** "Receipt code". */
  receipt: label,
  /** "Sent (UTC, rounded to the hour)". */
  submittedAt: label,
  /** One sentence each: where the testimony was encrypted. */
  encryptedIn: z.strictObject({
    /** "Encrypted in the sender's browser." */
    browser: label,
    /** "Encrypted by the relay on receipt (form sent without JavaScript)." */
    relay: label,
  }),
  /** The form's field labels, one per field in `submissionFieldNames`. */
  fields: z.strictObject({
    affectedType: label,
    affected: label,
    whatHappened: label,
    whenDate: label,
    whenText: label,
    country: label,
    locality: label,
    perpetratorType: label,
    perpetrator: label,
    consequences: label,
    stepsTaken: label,
    consent: label,
    replyChannel: label,
  }),
  /** Labels of the options of the choice fields. */
  options: z.strictObject({
    affectedType: z.strictObject({ person: label, group: label }),
    perpetratorType: z.strictObject({ state: label, 'non-state': label, unknown: label }),
    consent: z.strictObject({ named: label, anonymised: label, none: label }),
  }),
  /** Shown for an optional field left empty, e.g. "(not given)". */
  notGiven: label,
  /** Heading of the attachment list. */
  attachments: label,
  /** "No attachments." */
  noAttachments: label,
  /** Followed by the kinds removed, e.g. "hidden information removed: location, device". */
  metadataRemoved: label,
  /** "sent as the original, hidden information included". */
  originalKept: label,
  /** "hidden information could not be checked for this kind of file". */
  notCleanable: label,
  /** Names of the kinds of hidden information. */
  metadataCategories: z.strictObject({ location: label, device: label, date: label, owner: label, software: label, other: label }),
});
export type SummaryLabels = z.infer<typeof summaryLabelsSchema>;
