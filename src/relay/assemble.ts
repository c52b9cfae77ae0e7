import { createAcceptSubmission } from './accept/accept.ts';
import type { RelayConfig } from './config.ts';
import { createRelayApp } from './http/app.ts';
import { SubmissionRateLimiter } from './http/rate-limit.ts';
import type { RelayLog } from './log.ts';
import { createFormFallback } from './no-js/form-fallback.ts';
import { DeliveryLoop, smtpSender } from './spool/delivery.ts';
import type { MaildirSpool } from './spool/spool.ts';
import type { RecipientKeyring } from './verify/recipients.ts';
import { createVerifier } from './verify/verifier.ts';

/**
 * The relay's parts wired together from its configuration: the verifier, the delivery
 * loop when SMTP is configured, the accept step over them, and the HTTP app whose two
 * submission endpoints end in that step. `start.ts` runs what this returns; the tests
 * start the very same wiring in-process.
 */
export function assembleRelay(
  config: RelayConfig,
  parts: { keyring: RecipientKeyring; spool: MaildirSpool; log: RelayLog; pollIntervalMs?: number },
) {
  const { keyring, spool, log } = parts;
  const delivery = config.smtp
    ? new DeliveryLoop({
        spool,
        send: smtpSender(config.smtp.url, { mailFrom: config.smtp.from }),
        from: config.smtp.from,
        to: config.smtp.to,
        retryBaseMs: config.delivery.retryBaseMs,
        retryMaxMs: config.delivery.retryMaxMs,
        log,
        ...(parts.pollIntervalMs === undefined ? {} : { pollIntervalMs: parts.pollIntervalMs }),
      })
    : null;
  const verifier = createVerifier();
  const accept = createAcceptSubmission({
    check: verifier.check,
    keyring,
    spool,
    delivery,
    log,
    mailFrom: config.mailFrom,
    mailTo: config.smtp?.to ?? [],
  });
  const app = createRelayApp({
    config,
    accept,
    spool,
    limiter: config.rateLimit ? new SubmissionRateLimiter(config.rateLimit) : null,
    delivery,
    log,
    formEndpoint: createFormFallback({ siteDir: config.siteDir, enabled: config.noJsFallback, recipients: () => keyring.pinned(), accept }),
  });
  return { app, delivery, verifier };
}
