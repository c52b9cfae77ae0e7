import { randomBytes } from 'node:crypto';
import type { Locale } from '../../schemas/common.ts';

/**
 * The no-JS form's receipt, handed from the POST that sealed the testimony to the page
 * that shows it (Post/Redirect/Get).
 *
 * A browser keeps the body of a POST with the history entry it produced, so that Back or
 * Reload can send it again, and Chromium writes that entry, body included, into its
 * session-restore files on disk: a phone's profile kept the whole testimony in the clear
 * after a no-JS submission. Answering the POST with 303 See Other to a GET page makes the
 * entry a GET without a body. That page's address cannot carry the receipt (it would sit
 * in the history beside the submission), so it carries a random token instead, which
 * this in-memory table maps to the receipt for ten minutes and then forgets.
 */

export interface HandedReceipt {
  locale: Locale;
  receipt: string;
}

export class ReceiptHandoff {
  readonly #lifetimeMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, HandedReceipt & { expiresAt: number }>();

  constructor(options: { lifetimeMs?: number; maxEntries?: number } = {}) {
    this.#lifetimeMs = options.lifetimeMs ?? 10 * 60_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  /** Keeps `receipt` and returns the token (128 random bits, URL-safe) that finds it. */
  put(handed: HandedReceipt, now = Date.now()): string {
    this.#forgetExpired(now);
    // Oldest first: past the bound, the receipt longest on display goes.
    while (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    const token = randomBytes(16).toString('base64url');
    this.#entries.set(token, { ...handed, expiresAt: now + this.#lifetimeMs });
    return token;
  }

  /** The receipt for `token`, until it expires. */
  get(token: string, now = Date.now()): HandedReceipt | undefined {
    this.#forgetExpired(now);
    const entry = this.#entries.get(token);
    return entry ? { locale: entry.locale, receipt: entry.receipt } : undefined;
  }

  #forgetExpired(now: number): void {
    // Entries are in insertion order, which is expiry order.
    for (const [token, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(token);
    }
  }
}
