// Accepting a submission is one step, whoever received it: the API's ciphertext and the
// no-JavaScript form's (encrypted here a moment before) both go verify → name → wrap →
// spool → wake delivery through this module, so the rule of what the relay keeps is
// written once. The HTTP status of each refusal is `http/error-codes.ts`'s business;
// a channel with its own keys (issue 11) or a follow-up message (issue 10) is another
// caller of the same step.
import type { RelayLog } from '../log.ts';
import type { DeliveryLoop } from '../spool/delivery.ts';
import { wrapAsPgpMime } from '../spool/pgp-mime.ts';
import type { MaildirSpool } from '../spool/spool.ts';
import type { CheckedSubmission } from '../verify/verifier.ts';
import type { RecipientKey, VerificationCode } from '../verify/verify.ts';

/** Why a well-formed request was not accepted: its ciphertext was refused, or the spool could not take it. */
export type AcceptRefusal = VerificationCode | 'spool_unavailable';

export type AcceptOutcome = { ok: true; id: string } | { ok: false; code: AcceptRefusal };

/** Verifies and durably spools one armoured message; resolves only once it is on disk or refused. */
export type AcceptSubmission = (armoured: Uint8Array) => Promise<AcceptOutcome>;

export interface AcceptParts {
  /** The acceptance rule and the id (`verify/verifier.ts`), computed where they do not hold up the event loop. */
  check(armoured: Uint8Array, recipients: readonly RecipientKey[]): Promise<CheckedSubmission>;
  keyring: { current(): Promise<RecipientKey[]> };
  spool: MaildirSpool;
  /** The SMTP delivery loop, woken after each new message; null when the Maildir is the mailbox. */
  delivery: DeliveryLoop | null;
  log: RelayLog;
  /** The envelope of the PGP/MIME mail (`MAIL_FROM`, `MAIL_TO`). */
  mailFrom: string;
  mailTo: readonly string[];
  now?: () => Date;
}

/** The accept step over the relay's parts. Logs one line per message, whatever the outcome. */
export function createAcceptSubmission(parts: AcceptParts): AcceptSubmission {
  const { keyring, spool, delivery, log } = parts;
  const now = parts.now ?? (() => new Date());
  return async function acceptSubmission(armoured) {
    const { verdict, id } = await parts.check(armoured, await keyring.current());
    if (!verdict.ok) {
      log.submission({ id: null, size: armoured.length, outcome: `rejected:${verdict.code}` });
      return { ok: false, code: verdict.code };
    }
    const acceptedAt = now();
    const message = wrapAsPgpMime(armoured, { id, from: parts.mailFrom, to: [...parts.mailTo], acceptedAt });
    let stored: 'stored' | 'already_stored';
    try {
      stored = await spool.store(id, message, acceptedAt);
    } catch {
      log.submission({ id, size: armoured.length, outcome: 'rejected:spool_unavailable' });
      return { ok: false, code: 'spool_unavailable' };
    }
    log.submission({ id, size: armoured.length, outcome: stored === 'stored' ? 'accepted' : 'accepted_again' });
    if (stored === 'stored') delivery?.wake();
    return { ok: true, id };
  };
}
