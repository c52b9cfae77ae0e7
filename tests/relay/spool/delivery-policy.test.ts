// The pure parts of the delivery loop: how long to wait, and what an error is called.
import { describe, expect, it } from 'vitest';
import { describeDeliveryError, retryDelayMs } from '../../../src/relay/spool/delivery.ts';

describe('retryDelayMs', () => {
  it('doubles from the base up to the cap, with jitter between half and all of it', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(retryDelayMs(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(10_000, 1000, 60_000, () => 0.5)).toBe(45_000);
  });
});

describe('describeDeliveryError', () => {
  it("keeps nodemailer's code and the SMTP reply code, nothing of the message", () => {
    const refused = Object.assign(new Error('550 <reports@example.org>: Recipient address rejected'), { code: 'EENVELOPE', responseCode: 550 });
    expect(describeDeliveryError(refused)).toBe('EENVELOPE_550');
    expect(describeDeliveryError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }))).toBe('ESOCKET');
    expect(describeDeliveryError(Object.assign(new Error('x'), { code: 'some lowercase text with an address a@b.org' }))).toBe('EUNKNOWN');
    expect(describeDeliveryError('nonsense')).toBe('EUNKNOWN');
  });
});
