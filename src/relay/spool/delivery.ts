import { createTransport } from 'nodemailer';
import type { RelayLog } from '../log.ts';
import { submissionIdFromName, type MaildirSpool } from './spool.ts';

/**
 * Delivers the spool to the organisation's mailbox over SMTP.
 *
 * Every message in `new/` is sent as it is (the raw PGP/MIME bytes) and moved to `cur/`
 * only after the server accepted it, so a crash or an outage never loses one: the loop
 * simply finds it in `new/` again, after a restart too. If the server's answer is lost
 * after it accepted a message, the message is sent again with the same Message-ID, which
 * mail clients and servers recognise as the same message.
 *
 * Failed attempts wait with exponential back-off and jitter. When the server cannot be
 * reached, or refuses the sender or recipients, every message would fail the same way,
 * so the whole loop waits; when the server refuses one message only, only that message
 * waits and the others go on. Delivery never gives up: a message stays queued, and
 * `/api/health` shows the last error, until the operator fixes the cause.
 */

/** Delay before attempt `failures + 1`: base × 2^(failures − 1), capped, then "equal jitter" (between half and all of it). */
export function retryDelayMs(failures: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 40)));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

/** A short, non-identifying name for a delivery error: nodemailer's code and the SMTP reply code. */
export function describeDeliveryError(error: unknown): string {
  const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; responseCode?: unknown }) : {};
  const code = typeof fields.code === 'string' && /^[A-Z_]{2,32}$/.test(fields.code) ? fields.code : 'EUNKNOWN';
  return typeof fields.responseCode === 'number' ? `${code}_${fields.responseCode}` : code;
}

/** Only a refusal of this one message (size, content) leaves the others free to go; everything else concerns them all. */
function concernsOnlyThisMessage(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EMESSAGE';
}

export interface SendRaw {
  /** Resolves once the server accepted the message for at least one recipient; says how many it refused. */
  (message: { from: string; to: readonly string[]; raw: Buffer }): Promise<{ refusedRecipients: number }>;
  close?(): void;
}

/**
 * Sends raw messages through nodemailer to the server of `smtpUrl`. One pooled
 * connection is kept open between messages: mail servers often pause before their
 * greeting (a defence against spam bots), and a queue emptied after an outage would pay
 * that pause once per message.
 */
export function smtpSender(smtpUrl: string): SendRaw {
  const { hostname } = new URL(smtpUrl);
  const loopback = hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || hostname.startsWith('127.');
  const transport = createTransport({
    url: smtpUrl,
    // Across a network, an smtp:// server must upgrade with STARTTLS: a downgrade would
    // otherwise expose the credentials in SMTP_URL. A server on this machine (a local
    // MTA, the tests' server) is reached without leaving it.
    requireTLS: !loopback,
    pool: true,
    maxConnections: 1,
    maxMessages: 100,
    // A connection the server dropped while idle is retried once on a fresh one; any
    // other failure comes back to the loop, which owns the back-off.
    maxRequeues: 1,
    idleTimeout: 30_000,
    // Bounded waits, so that a hung server turns into a retry instead of a stuck loop.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 120_000,
    logger: false,
    debug: false,
  });
  const send: SendRaw = async ({ from, to, raw }) => {
    const info = await transport.sendMail({ envelope: { from, to: [...to] }, raw });
    return { refusedRecipients: Array.isArray(info.rejected) ? info.rejected.length : 0 };
  };
  send.close = () => transport.close();
  return send;
}

export interface DeliveryMetrics {
  /** Messages waiting in `new/` at the last look. */
  queued: number;
  /** Messages this process delivered since it started. */
  delivered: number;
  /** The last failure since start: a code such as `ECONNECTION` or `EENVELOPE_550`, and when. */
  lastError: { code: string; at: string } | null;
}

export interface DeliveryLoopOptions {
  spool: MaildirSpool;
  send: SendRaw;
  from: string;
  to: readonly string[];
  retryBaseMs: number;
  retryMaxMs: number;
  log: RelayLog;
  /** Looks at the spool at least this often, for messages other instances wrote. */
  pollIntervalMs?: number;
  random?: () => number;
}

export class DeliveryLoop {
  readonly #options: Required<DeliveryLoopOptions>;
  readonly #waiting = new Map<string, { failures: number; nextAt: number }>();
  #loopFailures = 0;
  #loopNextAt = 0;
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #wakeRequested = false;
  #metrics: DeliveryMetrics = { queued: 0, delivered: 0, lastError: null };

  constructor(options: DeliveryLoopOptions) {
    this.#options = { pollIntervalMs: 30_000, random: Math.random, ...options };
  }

  get metrics(): DeliveryMetrics {
    return { ...this.#metrics };
  }

  start(): void {
    this.#stopping = false;
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
    });
  }

  /** Finishes the message being sent, if any, then stops. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#running;
    this.#options.send.close?.();
  }

  /** Looks at the spool now (a submission was just stored), unless the loop is backing off. */
  wake(): void {
    this.#wakeRequested = true;
    this.#wake?.();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let nextLookAt = Date.now() + this.#options.pollIntervalMs;
      try {
        nextLookAt = Math.min(nextLookAt, await this.#deliverQueued());
      } catch (error) {
        // The spool itself could not be read: note it and look again later.
        this.#recordFailure(describeDeliveryError(error));
        nextLookAt = Date.now() + this.#options.retryBaseMs;
      }
      await this.#sleepUntil(nextLookAt);
    }
  }

  /** One pass over `new/`; returns when the next pass is due. */
  async #deliverQueued(): Promise<number> {
    const names = await this.#options.spool.queued();
    this.#metrics.queued = names.length;
    let nextDue = Number.POSITIVE_INFINITY;
    const present = new Set(names);
    for (const name of this.#waiting.keys()) if (!present.has(name)) this.#waiting.delete(name);

    for (const name of names) {
      if (this.#stopping) break;
      const now = Date.now();
      if (now < this.#loopNextAt) return this.#loopNextAt;
      const waiting = this.#waiting.get(name);
      if (waiting && waiting.nextAt > now) {
        nextDue = Math.min(nextDue, waiting.nextAt);
        continue;
      }
      await this.#deliverOne(name);
    }
    this.#metrics.queued = (await this.#options.spool.queued()).length;
    return nextDue;
  }

  async #deliverOne(name: string): Promise<void> {
    const { spool, send, from, to, retryBaseMs, retryMaxMs, random, log } = this.#options;
    const claim = await spool.claim(name);
    if (!claim) return; // another instance is sending it
    const renewal = setInterval(() => void claim.renew(), Math.max(1000, spool.claimLeaseMs / 3));
    const id = submissionIdFromName(name) ?? null;
    let size: number | null = null;
    try {
      const raw = await spool.readQueued(name);
      if (!raw) return; // delivered by another instance meanwhile
      size = raw.length;
      const { refusedRecipients } = await send({ from, to, raw });
      // Accepted for some recipients: sending again would duplicate it for them, so it
      // counts as delivered, and the refusal is reported for the operator to fix MAIL_TO.
      await spool.markDelivered(name);
      this.#waiting.delete(name);
      this.#loopFailures = 0;
      this.#loopNextAt = 0;
      this.#metrics.delivered++;
      if (refusedRecipients > 0) this.#recordFailure('EENVELOPE_PARTIAL');
      log.submission({ id, size, outcome: refusedRecipients > 0 ? 'delivered_partially' : 'delivered' });
    } catch (error) {
      const code = describeDeliveryError(error);
      const now = Date.now();
      const failures = (this.#waiting.get(name)?.failures ?? 0) + 1;
      this.#waiting.set(name, { failures, nextAt: now + retryDelayMs(failures, retryBaseMs, retryMaxMs, random) });
      if (!concernsOnlyThisMessage(error)) {
        this.#loopFailures++;
        this.#loopNextAt = now + retryDelayMs(this.#loopFailures, retryBaseMs, retryMaxMs, random);
      }
      this.#recordFailure(code);
      log.submission({ id, size, outcome: `delivery_failed:${code}` });
    } finally {
      clearInterval(renewal);
      await claim.release();
    }
  }

  #recordFailure(code: string): void {
    this.#metrics.lastError = { code, at: new Date().toISOString() };
  }

  async #sleepUntil(when: number): Promise<void> {
    if (this.#stopping) return;
    // A wake-up during back-off is ignored: the server is known to be failing.
    const backingOff = Date.now() < this.#loopNextAt;
    if (this.#wakeRequested && !backingOff) {
      this.#wakeRequested = false;
      return;
    }
    const delay = Math.max(0, Math.min(when, Date.now() + this.#options.pollIntervalMs) - Date.now());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, delay);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        if (this.#stopping || Date.now() >= this.#loopNextAt) finish();
      };
    });
    this.#wake = undefined;
    this.#wakeRequested = false;
  }
}
