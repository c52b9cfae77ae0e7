import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSubmissionRecord, type OpenedPart } from '../../src/inbox/record-check.ts';

const file = new TextEncoder().encode('photo bytes');
const receipt = '7K2M-Q9XD-3HBT-0ZQE';

function record(overrides: Record<string, unknown> = {}) {
  return {
    schema: 'ngao.submission.v1',
    locale: 'en',
    receipt,
    submittedAt: '2026-03-14T09:00:00.000Z',
    encryptedIn: 'browser',
    fields: {
      affectedType: 'person',
      affected: 'A person',
      whatHappened: 'What happened',
      whenDate: null,
      whenText: 'yesterday',
      country: 'UG',
      locality: null,
      perpetratorType: 'state',
      perpetrator: null,
      consequences: null,
      stepsTaken: null,
      consent: 'anonymised',
      replyChannel: null,
    },
    attachments: [
      {
        name: 'photo.jpg',
        type: 'image/jpeg',
        size: file.length,
        sha256: createHash('sha256').update(file).digest('hex'),
        cleanable: true,
        metadataFound: [],
        metadataRemoved: [],
        originalKept: false,
      },
    ],
    ...overrides,
  };
}

const recordPart = (value: unknown): OpenedPart => ({
  fileName: `ngao-submission-${receipt}.json`,
  type: 'application/json',
  content: new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)),
});
const photo: OpenedPart = { fileName: 'photo.jpg', type: 'image/jpeg', content: file };
const subject = `Testimony ${receipt}`;

describe('checkSubmissionRecord', () => {
  it('accepts a record of the schema that agrees with the message', () => {
    expect(checkSubmissionRecord({ subject, parts: [recordPart(record()), photo] }).status).toBe('matches');
  });

  it('says when there is no record', () => {
    expect(checkSubmissionRecord({ subject, parts: [photo] })).toEqual({ status: 'missing' });
    expect(checkSubmissionRecord({ subject, parts: [{ ...recordPart(record()), type: 'text/plain' }, photo] })).toEqual({ status: 'missing' });
  });

  it('refuses a record that is not JSON, not of the schema, or not alone', () => {
    const cases: [OpenedPart[], RegExp][] = [
      [[recordPart('{ not json'), photo], /not JSON/],
      [[recordPart(record({ schema: 'ngao.submission.v0' })), photo], /^schema: /],
      [[recordPart(record({ extra: 'field' })), photo], /extra/],
      [[recordPart(record({ submittedAt: '2026-03-14T09:41:07.000Z' })), photo], /^submittedAt: /],
      [[recordPart(record()), recordPart(record()), photo], /2 record parts/],
    ];
    for (const [parts, problem] of cases) {
      const verdict = checkSubmissionRecord({ subject, parts });
      expect(verdict.status).toBe('invalid');
      expect(verdict.status === 'invalid' && verdict.problem).toMatch(problem);
    }
  });

  it('refuses a valid record that does not describe the message it came in', () => {
    const swapped: OpenedPart = { ...photo, content: new TextEncoder().encode('other bytes') };
    const cases: [string, OpenedPart[], RegExp][] = [
      ['Testimony AAAA-BBBB-CCCC-DDDD', [recordPart(record()), photo], /receipt code/],
      [subject, [recordPart(record())], /0 attachments, the record lists 1/],
      [subject, [recordPart(record()), photo, photo], /2 attachments/],
      [subject, [recordPart(record()), swapped], /attachment 1 is not the file/],
      [subject, [recordPart(record()), { ...photo, fileName: 'run.sh' }], /attachment 1/],
    ];
    for (const [messageSubject, parts, problem] of cases) {
      const verdict = checkSubmissionRecord({ subject: messageSubject, parts });
      expect(verdict.status).toBe('invalid');
      expect(verdict.status === 'invalid' && verdict.problem).toMatch(problem);
    }
  });
});
