/**
 * The human-readable summary of a testimony: the `text/plain` part of the entity, what
 * a person at the organisation reads first in Thunderbird or in `gpg --decrypt`
 * output. It is written in the submitter's language, with labels the form page passes
 * in (translated like every other UI string), and says everything the JSON record
 * says, so nobody needs tools to read a testimony.
 */
import type { AttachmentRecord, SubmissionRecord, SummaryLabels } from './schema.ts';
import { submissionFieldNames, type SubmissionFieldName } from './form-fields.ts';


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
