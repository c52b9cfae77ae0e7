/**
 * The encryption chunk: loaded on the first interaction with the form, never before,
 * beside the validation chunk (`submission/record/validate.ts`). It holds OpenPGP.js (its
 * lightweight build) and the sealing step of `src/submission/seal/`; it must not import the zod
 * schemas at run time (see `submission/seal/seal.ts`). Recipient keys are fetched from this site
 * and must match the fingerprints pinned into the page at build time.
 */
import { createMessage, encrypt, enums, readKeys } from 'openpgp/lightweight';
import type { SubmissionRecord, SummaryLabels } from '../../submission/record/schema.ts';
import { SubmissionEncryptionError } from '../../submission/seal/encrypt.ts';
import { sealSubmission } from '../../submission/seal/seal.ts';
import type { ValidSubmission } from '../../submission/record/validate.ts';

async function fetchPinnedKeys(fingerprints: string[]): Promise<string[]> {
  return Promise.all(
    fingerprints.map(async (fingerprint) => {
      const response = await fetch(`/keys/${fingerprint}.asc`, { credentials: 'omit', cache: 'no-store' });
      if (!response.ok) throw new SubmissionEncryptionError('pinned_key_missing', `key ${fingerprint} could not be fetched (${response.status})`);
      return response.text();
    }),
  );
}

/**
 * Encrypts a validated testimony to the keys pinned in the form's data attributes.
 * Throws on any failure (a key that cannot be fetched or does not match its pin,
 * encryption refused): the caller then sends nothing.
 */
/**
 * The summary's labels in the page's language (`/<lang>/submit/summary-labels.json`).
 * Checked for shape by hand: this chunk must not carry the zod schemas.
 */
async function fetchSummaryLabels(url: string): Promise<SummaryLabels> {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`SubmissionForm: the summary labels at ${url} could not be fetched (${response.status})`);
  const labels: unknown = await response.json();
  if (typeof labels !== 'object' || labels === null || typeof (labels as { subject?: unknown }).subject !== 'string') {
    throw new Error(`SubmissionForm: ${url} does not hold the summary labels (expected an object with a subject)`);
  }
  return labels as SummaryLabels;
}

export async function sealForm(form: HTMLFormElement, submission: ValidSubmission, onEncrypting: () => void): Promise<{ armored: string; receipt: string }> {
  const fingerprints = form.dataset.fingerprints!.split(' ');
  const [labels, armoredKeys] = await Promise.all([fetchSummaryLabels(form.dataset.labelsUrl!), fetchPinnedKeys(fingerprints)]);
  const sealed = await sealSubmission(submission, {
    locale: form.dataset.locale as SubmissionRecord['locale'],
    labels,
    now: new Date(),
    recipients: { pinnedFingerprints: fingerprints, armoredKeys },
    // Only the four functions the pipeline uses, named one by one: passing the whole module
    // would keep all of OpenPGP.js (key generation, signing, decryption) in the chunk.
    openpgp: { createMessage, encrypt, enums, readKeys },
    encryptedIn: 'browser',
    onProgress: (stage) => stage === 'encrypting' && onEncrypting(),
  });
  return { armored: sealed.armored, receipt: sealed.receipt };
}
