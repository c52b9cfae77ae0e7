import { createHmac, randomBytes } from 'node:crypto';

/**
 * Per-client token buckets for the submission endpoints.
 *
 * A client is known only by an HMAC of its address under a random key that lives in
 * memory and is replaced every day; the buckets are dropped with it. The address itself
 * is never stored, logged or written anywhere, and after a rotation even the relay
 * cannot tell whether yesterday's and today's clients were the same.
 */

export interface RateLimitOptions {
  /** Requests a client may make at once. */
  burst: number;
  /** Requests a client regains per hour. */
  perHour: number;
  /** How long one key lives. */
  rotateEveryMs?: number;
  /** Most clients tracked at once; past it, clients whose bucket is full again are forgotten first. */
  maxClients?: number;
  /** Source of fresh keys (random by default). */
  newKey?: () => Buffer;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class SubmissionRateLimiter {
  readonly #burst: number;
  readonly #perMs: number;
  readonly #rotateEveryMs: number;
  readonly #maxClients: number;
  readonly #newKey: () => Buffer;
  #key: Buffer;
  #keyCreatedAt: number;
  #buckets = new Map<string, Bucket>();

  constructor(options: RateLimitOptions, now = Date.now()) {
    this.#burst = options.burst;
    this.#perMs = options.perHour / 3_600_000;
    this.#rotateEveryMs = options.rotateEveryMs ?? 24 * 3_600_000;
    this.#maxClients = options.maxClients ?? 100_000;
    this.#newKey = options.newKey ?? (() => randomBytes(32));
    this.#key = this.#newKey();
    this.#keyCreatedAt = now;
  }

  /** Number of clients currently tracked (for tests; no client is identifiable from it). */
  get trackedClients(): number {
    return this.#buckets.size;
  }

  /** Takes one token for the client at `address`, if it has one. */
  take(address: string, now = Date.now()): RateDecision {
    if (now - this.#keyCreatedAt >= this.#rotateEveryMs) {
      this.#key = this.#newKey();
      this.#keyCreatedAt = now;
      this.#buckets = new Map();
    }
    const client = createHmac('sha256', this.#key).update(rateLimitSubject(address)).digest('base64url').slice(0, 22);
    const bucket = this.#buckets.get(client) ?? { tokens: this.#burst, updatedAt: now };
    bucket.tokens = Math.min(this.#burst, bucket.tokens + (now - bucket.updatedAt) * this.#perMs);
    bucket.updatedAt = now;

    if (bucket.tokens < 1) {
      this.#buckets.set(client, bucket);
      const waitMs = this.#perMs > 0 ? (1 - bucket.tokens) / this.#perMs : 3_600_000;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    bucket.tokens -= 1;
    // Re-inserting keeps the map in least-recently-used order for forgetting.
    this.#buckets.delete(client);
    this.#buckets.set(client, bucket);
    if (this.#buckets.size > this.#maxClients) this.#forget(now);
    return { allowed: true };
  }

  /** Forgets clients whose bucket has refilled (they lose nothing), then the least recently seen. */
  #forget(now: number): void {
    for (const [client, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * this.#perMs >= this.#burst) this.#buckets.delete(client);
    }
    for (const client of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxClients * 0.9) break;
      this.#buckets.delete(client);
    }
  }
}

/**
 * What one bucket counts: an IPv4 address, or the /64 network of an IPv6 one. An IPv6
 * user usually holds a whole /64, so keying on the full address would hand one person
 * billions of fresh buckets.
 */
export function rateLimitSubject(address: string): string {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!plain.includes(':') || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(plain)) return plain.replace(/^::ffff:/i, '');
  const [head = '', tail = ''] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

