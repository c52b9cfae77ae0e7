/**
 * The encryption chunk: loaded on the first interaction with the form, never before.
 * It holds OpenPGP.js (its lightweight build), the validation schema and the pipeline
 * of `src/submit/`. Recipient keys are fetched from this site and must match the
 * fingerprints pinned into the page at build time.
 */
import { createMessage, encrypt, enums, readKeys } from 'openpgp/lightweight';
import type { MetadataCategory, SubmissionFieldError, SubmissionRecord } from '../../schemas/submission.ts';
import { SubmissionEncryptionError } from '../../submit/encrypt.ts';
import { prepareSubmission, SubmissionValidationError } from '../../submit/prepare.ts';
import type { SummaryLabels } from '../../submit/summary.ts';

export async function inspectAttachment(file: File): Promise<{ cleanable: boolean; metadataFound: MetadataCategory[] }> {
  const { stripImageMetadata } = await import('../../submit/strip-metadata.ts');
  const result = await stripImageMetadata(new Uint8Array(await file.arrayBuffer()));
  return { cleanable: result.cleanable, metadataFound: result.found };
}

async function fetchPinnedKeys(fingerprints: string[]): Promise<string[]> {
  return Promise.all(
    fingerprints.map(async (fingerprint) => {
      const response = await fetch(`/keys/${fingerprint}.asc`, { credentials: 'omit', cache: 'no-store' });
      if (!response.ok) throw new SubmissionEncryptionError('pinned_key_missing', `key ${fingerprint} could not be fetched (${response.status})`);
      return response.text();
    }),
  );
}

export type EncryptFormResult =
  | { ok: true; armored: string; receipt: string }
  | { ok: false; errors?: readonly SubmissionFieldError[] };

export async function encryptForm(options: {
  form: HTMLFormElement;
  files: readonly { file: File; keepOriginal: boolean }[];
  maxBytes: number;
  onEncrypting: () => void;
}): Promise<EncryptFormResult> {
  const { form } = options;
  // Only text fields: the file input's own value is ignored, the files come from the list the person curated.
  const fields = Object.fromEntries([...new FormData(form)].filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  try {
    const [armoredKeys, attachments] = await Promise.all([
      fetchPinnedKeys(form.dataset.fingerprints!.split(' ')),
      Promise.all(options.files.map(async ({ file, keepOriginal }) => ({ name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()), keepOriginal }))),
    ]);
    const prepared = await prepareSubmission({
      fields,
      attachments,
      locale: form.dataset.locale as SubmissionRecord['locale'],
      labels: JSON.parse(form.dataset.labels!) as SummaryLabels,
      now: new Date(),
      recipients: { pinnedFingerprints: form.dataset.fingerprints!.split(' '), armoredKeys },
      // Only the four functions the pipeline uses, named one by one: passing the whole module
      // would keep all of OpenPGP.js (key generation, signing, decryption) in the chunk.
      openpgp: { createMessage, encrypt, enums, readKeys },
      encryptedIn: 'browser',
      maxAttachmentBytes: options.maxBytes,
      onProgress: (stage) => stage === 'encrypting' && options.onEncrypting(),
    });
    return { ok: true, armored: prepared.armored, receipt: prepared.receipt };
  } catch (error) {
    if (error instanceof SubmissionValidationError) return { ok: false, errors: error.errors };
    return { ok: false };
  }
}
