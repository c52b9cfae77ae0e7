/**
 * The human-readable summary of a testimony: the `text/plain` part of the entity, what
 * a person at the organisation reads first in Thunderbird or in `gpg --decrypt`
 * output. It is written in the submitter's language, with labels the form page passes
 * in (translated like every other UI string), and says everything the JSON record
 * says, so nobody needs tools to read a testimony.
 */
import * as z from 'zod/mini';
import {
  submissionFieldNames,
  type AttachmentRecord,
  type SubmissionFieldName,
  type SubmissionRecord,
} from '../schemas/submission.ts';

const label = z.string().check(z.minLength(1));

/** The translated words the summary needs. Zod (mini, see `schemas/submission.ts`) so a test can check every locale has them all. */
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

/** "1.4 MiB", "312 KiB", "87 B": symbols read the same in every language. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** "Uganda (UG)" in the summary's language where the runtime knows the name, else "UG". */
function countryName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'region' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

function fieldValue(name: SubmissionFieldName, record: SubmissionRecord, labels: SummaryLabels): string {
  const { fields } = record;
  switch (name) {
    case 'affectedType':
      return labels.options.affectedType[fields.affectedType];
    case 'perpetratorType':
      return labels.options.perpetratorType[fields.perpetratorType];
    case 'consent':
      return labels.options.consent[fields.consent];
    case 'country':
      return countryName(fields.country, record.locale);
    default:
      return fields[name] ?? labels.notGiven;
  }
}

function attachmentLine(attachment: AttachmentRecord, index: number, labels: SummaryLabels): string {
  const categories = (list: readonly (keyof SummaryLabels['metadataCategories'])[]) => list.map((c) => labels.metadataCategories[c]).join(', ');
  let note: string;
  if (attachment.originalKept) note = labels.originalKept;
  else if (!attachment.cleanable) note = labels.notCleanable;
  else if (attachment.metadataRemoved.length > 0) note = `${labels.metadataRemoved}: ${categories(attachment.metadataRemoved)}`;
  else note = '';
  const details = [formatByteSize(attachment.size), attachment.type, note].filter(Boolean).join(', ');
  return `${index + 1}. ${attachment.name} (${details})\n   SHA-256 ${attachment.sha256}`;
}

/**
 * The summary as text with `\n` line breaks (the MIME builder makes them CRLF). Every
 * field appears under its label, empty ones as "not given", so a reader sees what the
 * person chose not to say.
 */
export function renderSubmissionSummary(record: SubmissionRecord, labels: SummaryLabels): string {
  const hour = record.submittedAt.slice(0, 13).replace('T', ' ') + ':00 UTC';
  const lines = [
    labels.title,
    '',
    `${labels.receipt}: ${record.receipt}`,
    `${labels.submittedAt}: ${hour}`,
    labels.encryptedIn[record.encryptedIn],
  ];
  for (const name of submissionFieldNames) lines.push('', `## ${labels.fields[name]}`, fieldValue(name, record, labels));
  lines.push('', `## ${labels.attachments}`);
  if (record.attachments.length === 0) lines.push(labels.noAttachments);
  record.attachments.forEach((attachment, index) => lines.push(attachmentLine(attachment, index, labels)));
  return lines.join('\n');
}
