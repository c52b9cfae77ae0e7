// Verification without holding up the event loop. The acceptance rule is a pure,
// synchronous function (`verify.ts`): for a 25 MB body it costs 100–150 ms of CPU
// (dearmouring and the checksum, then 15–20 ms to hash it for its id), during which no other request would be answered. A
// body above `inlineBelowBytes` is verified on a worker thread instead; a small one is
// verified in place, where it costs well under a millisecond, less than the round trip
// to the worker would.
import { Worker } from 'node:worker_threads';
import { submissionIdFor } from './submission-id.ts';
import { verifySubmission, type RecipientKey, type SubmissionVerdict } from './verify.ts';

/** The verdict on a body, and its id (`submission-id.ts`) when it is accepted. */
export interface CheckedSubmission {
  verdict: SubmissionVerdict;
  id: string;
}

/** Verifies a body and names it: the two steps that read every byte of it. */
export function checkSubmission(armoured: Uint8Array, recipients: readonly RecipientKey[]): CheckedSubmission {
  const verdict = verifySubmission(armoured, recipients);
  return { verdict, id: verdict.ok ? submissionIdFor(armoured) : '' };
}

export interface Verifier {
  check(armoured: Uint8Array, recipients: readonly RecipientKey[]): Promise<CheckedSubmission>;
  /** Stops the worker thread, if one was started. */
  close(): Promise<void>;
}

/** 1 MiB: verified in place it blocks the loop for about 5 ms at most. */
export const defaultInlineBelowBytes = 1024 * 1024;

/**
 * One worker thread, started on first use and again after a crash, verifying one large
 * body after another (large bodies are few; two at once would only share the two cores
 * the relay is meant to leave to small submissions). The body is copied to the thread:
 * the caller keeps its bytes to spool them.
 */
export function createVerifier(options: { inlineBelowBytes?: number } = {}): Verifier {
  const inlineBelowBytes = options.inlineBelowBytes ?? defaultInlineBelowBytes;
  let worker: Worker | null = null;
  let nextJob = 0;
  const pending = new Map<number, { resolve(checked: CheckedSubmission): void; reject(error: Error): void }>();

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };

  const thread = (): Worker => {
    if (worker) return worker;
    const started = new Worker(new URL('./verify-worker.ts', import.meta.url));
    started.on('message', ({ job, checked }: { job: number; checked: CheckedSubmission }) => {
      pending.get(job)?.resolve(checked);
      pending.delete(job);
      if (pending.size === 0) started.unref();
    });
    started.on('error', (error: unknown) => failAll(error instanceof Error ? error : new Error(String(error))));
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      failAll(new Error(`the verification thread stopped (exit code ${code})`));
    });
    worker = started;
    return started;
  };

  return {
    check(armoured, recipients) {
      if (armoured.length < inlineBelowBytes) return Promise.resolve(checkSubmission(armoured, recipients));
      const job = nextJob++;
      return new Promise((resolve, reject) => {
        pending.set(job, { resolve, reject });
        const target = thread();
        // An idle thread must not keep the process alive; a busy one must finish its job.
        target.ref();
        target.postMessage({ job, armoured, recipients: [...recipients] });
      });
    },
    async close() {
      const stopping = worker;
      worker = null;
      if (stopping) await stopping.terminate();
    },
  };
}
