// Verification off the event loop: a large body is verified on the worker thread with
// the very same verdict as in place, the loop keeps turning meanwhile, and a small body
// is still verified in place.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRecipients } from '../../../src/relay/verify/recipients.ts';
import { submissionIdFor } from '../../../src/relay/verify/submission-id.ts';
import { checkSubmission, createVerifier, defaultInlineBelowBytes } from '../../../src/relay/verify/verifier.ts';
import { verifySubmission, type RecipientKey } from '../../../src/relay/verify/verify.ts';
import { encryptArmoured } from '../../support/encrypt.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';

let organisation: TestRecipient;
let stranger: TestRecipient;
let recipients: RecipientKey[];
const verifier = createVerifier();
const bytes = (text: string) => new TextEncoder().encode(text);

beforeAll(async () => {
  [organisation, stranger] = await Promise.all([makeRecipient('Organisation'), makeRecipient('Stranger')]);
  recipients = await describeRecipients([organisation.publicKey]);
});
afterAll(() => verifier.close());

describe('the verifier', () => {
  it('gives a large body the same verdict on the worker thread as in place, accepted or refused', async () => {
    const large = bytes(await encryptArmoured(randomBytes(6 * 1024 * 1024), [organisation.publicKey]));
    const misaddressed = bytes(await encryptArmoured(randomBytes(6 * 1024 * 1024), [stranger.publicKey]));
    expect(large.length).toBeGreaterThan(defaultInlineBelowBytes);
    const [accepted, refused] = await Promise.all([verifier.check(large, recipients), verifier.check(misaddressed, recipients)]);
    expect(accepted).toEqual(checkSubmission(large, recipients));
    expect(accepted).toEqual({ verdict: verifySubmission(large, recipients), id: submissionIdFor(large) });
    expect(accepted.verdict.ok).toBe(true);
    expect(refused.verdict).toEqual(verifySubmission(misaddressed, recipients));
    expect(refused.verdict).toMatchObject({ ok: false, code: 'wrong_recipients' });
  });

  it('lets the event loop turn while a large body is verified', async () => {
    const large = bytes(await encryptArmoured(randomBytes(12 * 1024 * 1024), [organisation.publicKey]));
    let turns = 0;
    let running = true;
    const spin = () => {
      turns += 1;
      if (running) setImmediate(spin);
    };
    const verdict = verifier.check(large, recipients);
    setImmediate(spin);
    await verdict;
    running = false;
    // In place, the verdict would be settled before the first turn could run.
    expect(turns).toBeGreaterThan(0);
  });

  it('verifies a small body in place: the verdict is settled before the loop turns', async () => {
    const small = bytes(await encryptArmoured('a short testimony', [organisation.publicKey]));
    let turned = false;
    setImmediate(() => (turned = true));
    const { verdict } = await verifier.check(small, recipients);
    expect(verdict.ok).toBe(true);
    expect(turned).toBe(false);
  });
});
