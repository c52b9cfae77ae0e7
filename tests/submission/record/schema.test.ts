import { describe, expect, it } from 'vitest';
import { localeSchema } from '../../../src/schemas/common.ts';
import { submissionFieldsSchema, submissionRecordSchema, validateSubmissionForm } from '../../../src/submission/record/schema.ts';
import { honeypotFieldName, submissionErrorCodes, submissionFieldNames, submissionTextLimits } from '../../../src/submission/record/form-fields.ts';

const now = new Date('2026-03-14T09:41:00Z');
const valid = {
  affectedType: 'group',
  affected: 'Members of a peer-support group',
  whatHappened: 'The meeting was raided.',
  whenDate: '2026-03-01',
  whenText: '',
  country: 'ke',
  locality: '',
  perpetratorType: 'state',
  perpetrator: '',
  consequences: '',
  stepsTaken: '',
  consent: 'anonymised',
  replyChannel: '',
  [honeypotFieldName]: '',
};

function codes(input: Record<string, unknown>) {
  const result = validateSubmissionForm(input, now);
  return result.success ? [] : result.errors.map((e) => `${e.field}:${e.code}`);
}

describe('submission form validation', () => {
  it('accepts a complete form and normalises it', () => {
    const result = validateSubmissionForm({ ...valid, affected: '  Line one\r\nLine two\rLine three  ', extra: 'ignored' }, now);
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.fields).toEqual({
      affectedType: 'group',
      affected: 'Line one\nLine two\nLine three',
      whatHappened: 'The meeting was raided.',
      whenDate: '2026-03-01',
      whenText: null,
      country: 'KE',
      locality: null,
      perpetratorType: 'state',
      perpetrator: null,
      consequences: null,
      stepsTaken: null,
      consent: 'anonymised',
      replyChannel: null,
    });
    expect(Object.keys(result.fields)).toEqual([...submissionFieldNames]);
  });

  it('reports every error at once, each with a code from the published list', () => {
    expect(codes({})).toEqual([
      'affectedType:required',
      'affected:required',
      'whatHappened:required',
      'country:required',
      'perpetratorType:required',
      'consent:required',
      'whenDate:when_missing',
    ]);
    expect(
      codes({
        ...valid,
        affectedType: 'crowd',
        whatHappened: 'x'.repeat(submissionTextLimits.whatHappened + 1),
        whenDate: '2026-02-30',
        country: 'Kenya',
        perpetratorType: 'police',
        consent: 'yes',
        locality: 'y'.repeat(submissionTextLimits.locality + 1),
        [honeypotFieldName]: 'http://spam.example',
      }),
    ).toEqual([
      'website:honeypot_filled',
      'affectedType:invalid_choice',
      'whatHappened:too_long',
      'whenDate:invalid_date',
      'country:invalid_country',
      'locality:too_long',
      'perpetratorType:invalid_choice',
      'consent:invalid_choice',
    ]);
    for (const code of codes({ whenDate: 'soon', affectedType: 5 })) expect(submissionErrorCodes).toContain(code.split(':')[1]);
  });

  it('takes a text up to its limit exactly', () => {
    expect(codes({ ...valid, whatHappened: 'x'.repeat(submissionTextLimits.whatHappened) })).toEqual([]);
  });

  it('treats whitespace and non-strings as empty', () => {
    expect(codes({ ...valid, affected: ' \n\t ', whatHappened: ['a'] })).toEqual(['affected:required', 'whatHappened:required']);
  });

  it('needs a date or an approximate time, and refuses dates after tomorrow', () => {
    expect(codes({ ...valid, whenDate: '', whenText: 'around the elections' })).toEqual([]);
    expect(codes({ ...valid, whenDate: '', whenText: '' })).toEqual(['whenDate:when_missing']);
    expect(codes({ ...valid, whenDate: '2026-03-15' })).toEqual([]); // east of UTC it may already be the 15th
    expect(codes({ ...valid, whenDate: '2026-03-16' })).toEqual(['whenDate:date_in_future']);
  });

  it('replaces lone surrogates so the summary and the JSON record hold the same text', () => {
    const result = validateSubmissionForm({ ...valid, affected: 'a\ud800b' }, now);
    expect(result.success && result.fields.affected).toBe('a\ufffdb');
  });

  it('parses its own output unchanged (a stored record reads back)', () => {
    const result = validateSubmissionForm(valid, now);
    if (!result.success) throw new Error('expected valid');
    expect(submissionFieldsSchema.parse(result.fields)).toEqual(result.fields);
  });
});

describe('submission record', () => {
  const record = {
    schema: 'ngao.submission.v1',
    locale: 'sw',
    receipt: '7K2M-Q9XD-3HBT-0ZQE',
    submittedAt: '2026-03-14T09:00:00.000Z',
    encryptedIn: 'browser',
    fields: (validateSubmissionForm(valid, now) as { fields: unknown }).fields,
    attachments: [
      {
        name: 'photo.jpg',
        type: 'image/jpeg',
        size: 1234,
        sha256: 'a'.repeat(64),
        cleanable: true,
        metadataFound: ['location'],
        metadataRemoved: ['location'],
        originalKept: false,
      },
    ],
  };

  it('accepts a well-formed record', () => {
    expect(submissionRecordSchema.parse(record)).toEqual(record);
  });

  it('refuses a time that is not on the hour, an unknown schema, extra keys', () => {
    expect(submissionRecordSchema.safeParse({ ...record, submittedAt: '2026-03-14T09:41:00.000Z' }).success).toBe(false);
    expect(submissionRecordSchema.safeParse({ ...record, schema: 'ngao.submission.v2' }).success).toBe(false);
    expect(submissionRecordSchema.safeParse({ ...record, ip: '203.0.113.5' }).success).toBe(false);
  });

  it('knows the same locales as the site', () => {
    expect(submissionRecordSchema.shape.locale.options).toEqual(localeSchema.options);
  });
});
