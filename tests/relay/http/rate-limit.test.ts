// Token buckets keyed by a daily-rotated HMAC of the address: the limit holds, refills,
// resets at rotation, stays bounded in memory, and no address is kept.
import { describe, expect, it } from 'vitest';
import { rateLimitSubject, SubmissionRateLimiter } from '../../../src/relay/http/rate-limit.ts';

describe('SubmissionRateLimiter', () => {
  it('allows a burst, then refuses with a Retry-After until tokens come back', () => {
    const start = 1_000_000;
    const limiter = new SubmissionRateLimiter({ burst: 3, perHour: 60 }, start);
    for (let i = 0; i < 3; i++) expect(limiter.take('198.51.100.7', start)).toEqual({ allowed: true });
    expect(limiter.take('198.51.100.7', start)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // Another client has its own bucket.
    expect(limiter.take('203.0.113.9', start)).toEqual({ allowed: true });
    // One token per minute at 60 per hour.
    expect(limiter.take('198.51.100.7', start + 30_000)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(limiter.take('198.51.100.7', start + 60_000)).toEqual({ allowed: true });
  });

  it('forgets every client when the key rotates', () => {
    const start = 0;
    const limiter = new SubmissionRateLimiter({ burst: 1, perHour: 1, rotateEveryMs: 86_400_000 }, start);
    expect(limiter.take('198.51.100.7', start).allowed).toBe(true);
    expect(limiter.take('198.51.100.7', start + 1000).allowed).toBe(false);
    expect(limiter.take('198.51.100.7', start + 86_400_000).allowed).toBe(true);
    expect(limiter.trackedClients).toBe(1);
  });

  it('stays within its client limit under a flood of distinct addresses', () => {
    const limiter = new SubmissionRateLimiter({ burst: 2, perHour: 10, maxClients: 1000 }, 0);
    for (let i = 0; i < 20_000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`, i);
    expect(limiter.trackedClients).toBeLessThanOrEqual(1000);
  });
});

describe('what a bucket counts', () => {
  it('keys IPv4 addresses whole and IPv6 addresses by their /64 network', () => {
    expect(rateLimitSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitSubject('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(rateLimitSubject('2001:db8:1:2::1')).toBe(rateLimitSubject('2001:0db8:0001:0002:ffff::9'));
    expect(rateLimitSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitSubject('2001:db8:1:3::1')).not.toBe(rateLimitSubject('2001:db8:1:2::1'));
  });
});
