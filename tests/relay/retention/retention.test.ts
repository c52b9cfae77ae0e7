// The retention rule as arithmetic: nothing is due before its retention, everything is
// due once retention and the whole jitter window have passed, and the jitter spreads
// removal times across that window.
import { describe, expect, it } from 'vitest';
import { isDue, jitterSecret, jitterWindowMs } from '../../../src/relay/retention/retention.ts';

const HOUR = 3_600_000;
const keptSince = new Date('2026-03-14T09:00:00Z');
const retention = { keepMs: 90 * 24 * HOUR };
const secret = jitterSecret();
const at = (ms: number) => new Date(keptSince.getTime() + ms);

describe('retention', () => {
  it('keeps everything until the retention has passed, and nothing after it and the jitter window', () => {
    for (let i = 0; i < 200; i++) {
      const name = `1773478800.${i.toString(16).padStart(32, '0')}.ngao`;
      expect(isDue({ keptSince, now: at(retention.keepMs - 1), retention, name, secret })).toBe(false);
      expect(isDue({ keptSince, now: at(retention.keepMs + jitterWindowMs(retention.keepMs)), retention, name, secret })).toBe(true);
    }
  });

  it('spreads removal over the jitter window, file by file', () => {
    const halfway = at(retention.keepMs + jitterWindowMs(retention.keepMs) / 2);
    const due = Array.from({ length: 400 }, (_, i) => isDue({ keptSince, now: halfway, retention, name: `file-${i}`, secret })).filter(Boolean).length;
    // About half are due halfway through the window; the bounds only say "spread", not how evenly.
    expect(due).toBeGreaterThan(100);
    expect(due).toBeLessThan(300);
  });

  it('never removes what is kept without a retention', () => {
    expect(isDue({ keptSince, now: at(100 * 365 * 24 * HOUR), retention: null, name: 'x', secret })).toBe(false);
  });

  it('draws the window as a tenth of the retention, at least an hour', () => {
    expect(jitterWindowMs(90 * 24 * HOUR)).toBe(9 * 24 * HOUR);
    expect(jitterWindowMs(2 * HOUR)).toBe(HOUR);
  });
});
