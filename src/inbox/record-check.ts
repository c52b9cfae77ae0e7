/**
 * Whether an opened message looks like one the form built.
 *
 * It proves nothing about the sender: the public key is public, and anyone can write a
 * message with a well-formed record. What it catches is the hand-made message that does
 * not even try (no record, a record of another shape) and the one whose parts do not
 * agree with its record (files added or swapped, a subject with another receipt code),
 * so that staff never take such a message for a testimony the form sealed.
 */
import { createHash } from 'node:crypto';
import { submissionRecordSchema, type SubmissionRecord } from '../submission/record/schema.ts';

/** One attachment part of the decrypted entity, as the MIME parser gave it. */
export interface OpenedPart {
  /** The file name the part declares, unchanged (may be missing or hostile). */
  fileName: string | null | undefined;
  type: string;
  content: Uint8Array;
}

export type RecordVerdict =
  | { status: 'matches'; record: SubmissionRecord }
  | { status: 'missing' }
  /** `problem` can quote what the message holds: print it through `visibleLine`. */
  | { status: 'invalid'; problem: string };

/** The record part's name, as `seal.ts` writes it: `ngao-submission-<receipt>.json`. */
const recordFileName = /^ngao-submission-.*\.json$/;

function isRecordPart(part: OpenedPart): boolean {
  return part.type.toLowerCase() === 'application/json' && recordFileName.test(part.fileName ?? '');
}

/** The first problem zod found, named by its path; zod/mini's messages are generic, so unknown keys are named too. */
function describeIssue(issue: { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the record';
  const what = issue.code === 'unrecognized_keys' && issue.keys ? `unexpected ${issue.keys.join(', ')}` : issue.message;
  return `${where}: ${what}`.slice(0, 200);
}

/**
 * Checks the record part of a message against `ngao.submission.v1` and against the
 * message itself: exactly one record, valid JSON of the schema, its receipt code in the
 * subject, and one entry per other attachment, in order, with the same name, type, size
 * and SHA-256.
 */
export function checkSubmissionRecord(message: { subject: string | undefined; parts: readonly OpenedPart[] }): RecordVerdict {
  const recordParts = message.parts.filter(isRecordPart);
  if (recordParts.length === 0) return { status: 'missing' };
  if (recordParts.length > 1) return { status: 'invalid', problem: `${recordParts.length} record parts, the form writes one` };

  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(recordParts[0]!.content));
  } catch {
    return { status: 'invalid', problem: 'the record part is not JSON in UTF-8' };
  }
  const parsed = submissionRecordSchema.safeParse(json);
  if (!parsed.success) return { status: 'invalid', problem: describeIssue(parsed.error.issues[0]!) };
  const record = parsed.data;

  if (!(message.subject ?? '').endsWith(` ${record.receipt}`)) {
    return { status: 'invalid', problem: `the subject does not end with the record's receipt code ${record.receipt}` };
  }
  const files = message.parts.filter((part) => !isRecordPart(part));
  if (files.length !== record.attachments.length) {
    return { status: 'invalid', problem: `${files.length} attachments, the record lists ${record.attachments.length}` };
  }
  for (const [index, file] of files.entries()) {
    const listed = record.attachments[index]!;
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    if (file.fileName !== listed.name || file.type.toLowerCase() !== listed.type || file.content.length !== listed.size || sha256 !== listed.sha256) {
      return { status: 'invalid', problem: `attachment ${index + 1} is not the file the record lists as ${listed.name}` };
    }
  }
  return { status: 'matches', record };
}
