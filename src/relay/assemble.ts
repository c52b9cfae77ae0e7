import { createRelayApp } from './http/app.ts';
import type { RelayConfig } from './config.ts';
import { DeliveryLoop, smtpSender } from './spool/delivery.ts';
import { createFormFallback } from './no-js/form-fallback.ts';
import type { RelayLog } from './log.ts';
import { SubmissionRateLimiter } from './http/rate-limit.ts';
import type { RecipientKeyring } from './verify/recipients.ts';
import type { MaildirSpool } from './spool/spool.ts';

/**
 * The relay's parts wired together from its configuration: the HTTP app and, when SMTP is
 * configured, the delivery loop. `start.ts` runs what this returns; the tests start the
 * very same wiring in-process.
 */
export function assembleRelay(
  config: RelayConfig,
  parts: { keyring: RecipientKeyring; spool: MaildirSpool; log: RelayLog; pollIntervalMs?: number },
) {
  const { keyring, spool, log } = parts;
  const delivery = config.smtp
    ? new DeliveryLoop({
        spool,
        send: smtpSender(config.smtp.url),
        from: config.smtp.from,
        to: config.smtp.to,
        retryBaseMs: config.delivery.retryBaseMs,
        retryMaxMs: config.delivery.retryMaxMs,
        log,
        ...(parts.pollIntervalMs === undefined ? {} : { pollIntervalMs: parts.pollIntervalMs }),
      })
    : null;
  const app = createRelayApp({
    config,
    keyring,
    spool,
    limiter: config.rateLimit ? new SubmissionRateLimiter(config.rateLimit) : null,
    delivery,
    log,
    formFallback: createFormFallback({ siteDir: config.siteDir, enabled: config.noJsFallback, recipients: () => keyring.pinned() }),
  });
  return { app, delivery };
}
