// The worker thread of `verifier.ts`: runs the acceptance rule on what it is sent and
// answers with the verdict and the id. Nothing else lives here, so the thread holds no secret, no
// key material beyond public key IDs, and no file handle.
import { parentPort } from 'node:worker_threads';
import type { RecipientKey } from './verify.ts';
import { checkSubmission } from './verifier.ts';

export interface VerifyJob {
  job: number;
  armoured: Uint8Array;
  recipients: RecipientKey[];
}

parentPort!.on('message', ({ job, armoured, recipients }: VerifyJob) => {
  parentPort!.postMessage({ job, checked: checkSubmission(armoured, recipients) });
});
