import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ByteBudget, readLimitedBody } from '../../../src/relay/http/request-body.ts';

const MiB = 1024 * 1024;

describe('reading a request body', () => {
  it('does not let slow uploads that declare a large body hold the budget before sending it', async () => {
    const budget = new ByteBudget(10 * MiB);
    // Four uploads each claim 8 MiB and then send almost nothing, as an attacker would.
    const stalled = Array.from({ length: 4 }, () => new PassThrough());
    const pending = stalled.map((stream) => readLimitedBody(stream, { limit: 48 * MiB, budget, declared: 8 * MiB }));
    for (const stream of stalled) stream.write(Buffer.alloc(1024));
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.used).toBe(4 * 1024);

    // A real submission arriving meanwhile is read, not turned away as busy.
    const real = new PassThrough();
    const body = readLimitedBody(real, { limit: 48 * MiB, budget, declared: 50_000 });
    real.end(Buffer.alloc(50_000, 1));
    const result = await body;
    expect(result.ok).toBe(true);

    for (const stream of stalled) stream.destroy();
    expect((await Promise.all(pending)).every((r) => !r.ok)).toBe(true);
    expect(budget.used).toBe(50_000);
  });

  it('refuses a body longer than it declared, and one that ends short', async () => {
    const budget = new ByteBudget(100 * MiB);
    const long = new PassThrough();
    const tooLong = readLimitedBody(long, { limit: 48 * MiB, budget, declared: 2 * MiB });
    long.end(Buffer.alloc(2 * MiB + 1));
    expect(await tooLong).toEqual({ ok: false, problem: 'too_large' });
    const short = new PassThrough();
    const tooShort = readLimitedBody(short, { limit: 48 * MiB, budget, declared: 2 * MiB });
    short.end(Buffer.alloc(MiB));
    expect(await tooShort).toEqual({ ok: false, problem: 'aborted' });
    expect(budget.used).toBe(0);
  });
});
