// What the relay removes, and when: the retention rules applied to the Maildir. Run at
// start-up and every hour by `start.ts`.
//
// - Without SMTP the Maildir is the organisation's mailbox: its messages (read or not)
//   are removed `MAILDIR_RETENTION_DAYS` after they arrived, plus jitter.
// - With SMTP `new/` is a queue and is never swept: an undelivered testimony is never
//   lost. A delivered message is emptied at once (`markDelivered`); its empty marker in
//   `cur/`, which only stops a retry of the same bytes from being sent twice, goes after
//   `DELIVERED_RETENTION_HOURS`, plus jitter.
import type { RelayConfig } from '../config.ts';
import { isDue, type Retention } from '../retention/retention.ts';
import type { MaildirSpool } from './spool.ts';

export interface RetentionSweepResult {
  /** Messages or markers removed for good. */
  removed: number;
  /** Delivered messages that still held bytes (a crash between delivery and emptying). */
  emptied: number;
}

export async function sweepRetention(
  spool: MaildirSpool,
  options: { smtp: boolean; retention: RelayConfig['retention']; secret: Uint8Array; now?: Date },
): Promise<RetentionSweepResult> {
  const now = options.now ?? new Date();
  const due = (retention: Retention) => (name: string, acceptedAt: Date) => isDue({ keptSince: acceptedAt, now, retention, name, secret: options.secret });
  if (options.smtp) {
    const emptied = await spool.emptyDelivered();
    const removed = await spool.removeExpired('cur', due(options.retention.deliveredMarker));
    return { removed, emptied };
  }
  const mailbox = options.retention.mailbox;
  if (mailbox === null) return { removed: 0, emptied: 0 };
  const removed = (await spool.removeExpired('new', due(mailbox))) + (await spool.removeExpired('cur', due(mailbox)));
  return { removed, emptied: 0 };
}
