// The whole pipeline with real OpenPGP.js, a real MIME parser and the site's own
// translated labels: what goes in must come out of the decrypted message exactly.
import { readFileSync } from 'node:fs';
import * as openpgp from 'openpgp';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { summaryLabels } from '../../src/submission/record/summary-labels.ts';
import { allLocales, useTranslations } from '../../src/i18n/index.ts';
import { submissionRecordSchema, summaryLabelsSchema } from '../../src/submission/record/schema.ts';
import { sha256Hex } from '../../src/submission/seal/bytes.ts';
import { paddedLength } from '../../src/submission/seal/pad.ts';
import { receiptCodePattern } from '../../src/submission/record/receipt.ts';
import { sealSubmission, type SealOptions } from '../../src/submission/seal/seal.ts';
import { SubmissionValidationError, validateSubmission, type SubmissionInput } from '../../src/submission/record/validate.ts';

const now = new Date('2026-03-14T09:41:27Z');
const photo = new Uint8Array(readFileSync(new URL('../fixtures/images/gps.jpg', import.meta.url)));
const { privateKey, publicKey } = await openpgp.generateKey({
  type: 'ecc',
  curve: 'curve25519Legacy',
  userIDs: [{ name: 'Organisation', email: 'org@test.ngao.example' }],
  date: new Date('2026-01-01T00:00:00Z'),
  format: 'object',
});

const fields = {
  affectedType: 'person',
  affected: 'Canary-Affected-7f3a, a trans woman, 24',
  whatHappened: 'Canary-Story-91bc\nShe was arrested at a checkpoint.\nPolice took her phone.',
  whenDate: '2026-03-02',
  whenText: '',
  country: 'UG',
  locality: 'Canary-Locality',
  perpetratorType: 'state',
  perpetrator: 'Officers of the local station',
  consequences: '',
  stepsTaken: 'A lawyer was contacted.',
  consent: 'anonymised',
  replyChannel: '',
  website: '',
};

type PipelineInput = SubmissionInput & SealOptions;

function input(overrides: Partial<PipelineInput> = {}): PipelineInput {
  return {
    fields,
    attachments: [],
    locale: 'sw',
    labels: summaryLabels(useTranslations('sw')),
    now,
    recipients: { pinnedFingerprints: [publicKey.getFingerprint()], armoredKeys: [publicKey.armor()] },
    openpgp,
    encryptedIn: 'browser',
    ...overrides,
  };
}

/** Both steps, as the form and the relay run them. */
async function runPipeline(overrides: Partial<PipelineInput> = {}) {
  const options = input(overrides);
  return sealSubmission(validateSubmission(options), options);
}

async function decrypt(armored: string): Promise<Uint8Array> {
  const { data } = await openpgp.decrypt({ message: await openpgp.readMessage({ armoredMessage: armored }), decryptionKeys: privateKey, format: 'binary' });
  return data as Uint8Array;
}

it('every locale has complete summary labels', () => {
  for (const locale of allLocales) expect(summaryLabelsSchema.safeParse(summaryLabels(useTranslations(locale))).success, locale).toBe(true);
});

describe('the submission pipeline (validateSubmission, then sealSubmission)', () => {
  it('validates first: every field error and the attachment limit, nothing encrypted', async () => {
    const noKeys = { pinnedFingerprints: [], armoredKeys: [] };
    const attempt = runPipeline({
      fields: { ...fields, affected: '', consent: 'maybe' },
      attachments: [{ name: 'big.bin', type: 'application/octet-stream', bytes: new Uint8Array(2048), keepOriginal: false }],
      maxAttachmentBytes: 1024,
      recipients: noKeys,
    });
    await expect(attempt).rejects.toBeInstanceOf(SubmissionValidationError);
    await expect(attempt).rejects.toMatchObject({
      errors: [
        { field: 'affected', code: 'required' },
        { field: 'consent', code: 'invalid_choice' },
        { field: 'attachments', code: 'attachments_too_large' },
      ],
    });
    await expect(runPipeline({ fields: { ...fields, website: 'https://spam.example' } })).rejects.toMatchObject({
      errors: [{ field: 'website', code: 'honeypot_filled' }],
    });
    await expect(runPipeline({ attachments: [{ name: 'x', type: 'y', bytes: 'not bytes', keepOriginal: false } as never] })).rejects.toMatchObject({
      errors: [{ field: 'attachments', code: 'invalid_attachment' }],
    });
  });

  it('encrypts the summary, the record and the cleaned attachments, and nothing else leaves', async () => {
    const document = new TextEncoder().encode('%PDF-1.4 Canary-Document');
    const stages: string[] = [];
    const result = await runPipeline({
      attachments: [
        { name: 'C:\\Users\\amina\\picha ya kukamatwa.jpg', type: 'image/jpeg', bytes: photo, keepOriginal: false },
        { name: 'ripoti.pdf', type: 'application/pdf', bytes: document, keepOriginal: false },
        { name: 'original.jpg', type: 'image/jpeg', bytes: photo, keepOriginal: true },
      ],
      onProgress: (stage) => stages.push(stage),
    });
    expect(stages).toEqual(['preparing', 'encrypting']);
    expect(result.receipt).toMatch(receiptCodePattern);
    for (const canary of ['Canary', 'amina', 'kukamatwa']) expect(result.armored).not.toContain(canary);

    const entity = await decrypt(result.armored);
    expect(entity.length).toBe(paddedLength(entity.length)); // already on a bucket boundary
    const email = await PostalMime.parse(entity);
    expect(email.subject).toBe(`${useTranslations('sw')('summary.subject')} ${result.receipt}`);
    expect(email.text).toContain('Canary-Story-91bc\nShe was arrested at a checkpoint.');
    expect(email.text).toContain(result.receipt);

    const [json, cleaned, pdf, original] = email.attachments;
    const record = submissionRecordSchema.parse(JSON.parse(new TextDecoder().decode(json!.content as ArrayBuffer)));
    expect(record).toEqual(result.record);
    expect(record).toMatchObject({ schema: 'ngao.submission.v1', locale: 'sw', receipt: result.receipt, submittedAt: '2026-03-14T09:00:00.000Z', encryptedIn: 'browser' });
    expect(record.fields.whatHappened).toBe(fields.whatHappened);
    expect(record.fields.country).toBe('UG');

    const cleanedBytes = new Uint8Array(cleaned!.content as ArrayBuffer);
    expect(cleaned!.filename).toBe('picha ya kukamatwa.jpg');
    expect(cleanedBytes.length).toBeLessThan(photo.length);
    expect(new TextDecoder('latin1').decode(cleanedBytes)).not.toContain('Canary');
    expect(record.attachments[0]).toMatchObject({
      name: 'picha ya kukamatwa.jpg',
      type: 'image/jpeg',
      size: cleanedBytes.length,
      sha256: await sha256Hex(cleanedBytes),
      cleanable: true,
      originalKept: false,
    });
    expect(record.attachments[0]!.metadataRemoved).toEqual(expect.arrayContaining(['location', 'device', 'date', 'owner', 'software']));

    expect(new Uint8Array(pdf!.content as ArrayBuffer)).toEqual(document);
    expect(record.attachments[1]).toMatchObject({ name: 'ripoti.pdf', type: 'application/pdf', cleanable: false, metadataFound: [], metadataRemoved: [], originalKept: false });

    expect(Buffer.compare(new Uint8Array(original!.content as ArrayBuffer), photo)).toBe(0);
    expect(record.attachments[2]).toMatchObject({ originalKept: true, metadataRemoved: [], sha256: await sha256Hex(photo) });
    expect(record.attachments[2]!.metadataFound).toContain('location');
  });

  it('gives short testimonies ciphertexts of one and the same length', async () => {
    const short = await runPipeline({ fields: { ...fields, whatHappened: 'Help.' } });
    const longer = await runPipeline({ fields: { ...fields, whatHappened: 'A longer account. '.repeat(300) } });
    expect(short.armored.length).toBe(longer.armored.length);
  });

  it('says when the relay encrypted it (the no-JavaScript fallback)', async () => {
    const result = await runPipeline({ encryptedIn: 'relay', locale: 'ar', labels: summaryLabels(useTranslations('ar')) });
    expect(result.record.encryptedIn).toBe('relay');
    const email = await PostalMime.parse(await decrypt(result.armored));
    expect(email.text).toContain(useTranslations('ar')('summary.encryptedIn.relay'));
  });

  it('refuses to encrypt to a key that is not pinned', async () => {
    const other = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'other@test.ngao.example' }], format: 'object' });
    await expect(
      runPipeline({ recipients: { pinnedFingerprints: [publicKey.getFingerprint()], armoredKeys: [other.publicKey.armor()] } }),
    ).rejects.toMatchObject({ name: 'SubmissionEncryptionError', code: 'key_not_pinned' });
  });
});
