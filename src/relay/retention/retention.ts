// How long the relay keeps what it keeps, as pure arithmetic. Anything the relay stores
// for a while (the Maildir when it is the mailbox, the markers of delivered mail, and the
// follow-up conversations to come) is removed once its retention has passed, plus a
// jitter drawn per file: removal times then do not give back arrival times to someone
// who watches the disk, its journal or its backups.
import { createHmac, randomBytes } from 'node:crypto';

const HOUR = 3_600_000;

/** Keep for `keepMs` after the hour something was kept from; null keeps it until someone deletes it. */
export type Retention = { keepMs: number } | null;

/** The jitter window: a tenth of the retention, at least an hour (the precision of every time the relay writes). */
export function jitterWindowMs(keepMs: number): number {
  return Math.max(HOUR, Math.round(keepMs / 10));
}

/**
 * Whether something kept since `keptSince` is due for removal at `now`. The jitter is
 * the HMAC of its `name` under `secret`: fixed for one file while the process runs, so
 * repeated sweeps agree, and unknown afterwards (the secret is never written down).
 */
export function isDue(options: { keptSince: Date; now: Date; retention: Retention; name: string; secret: Uint8Array }): boolean {
  const { retention } = options;
  if (retention === null) return false;
  const fraction = createHmac('sha256', options.secret).update(options.name).digest().readUInt32BE(0) / 2 ** 32;
  const removeAt = options.keptSince.getTime() + retention.keepMs + Math.floor(fraction * jitterWindowMs(retention.keepMs));
  return options.now.getTime() >= removeAt;
}

/** A secret for one process's jitter. */
export function jitterSecret(): Uint8Array {
  return randomBytes(32);
}
