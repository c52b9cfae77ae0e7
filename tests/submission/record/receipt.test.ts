import { describe, expect, it } from 'vitest';
import { createReceiptCode, normaliseReceiptCode, receiptCodePattern } from '../../../src/submission/record/receipt.ts';

describe('receipt codes', () => {
  it('are four groups of four Crockford base32 characters', () => {
    for (let i = 0; i < 200; i++) {
      const code = createReceiptCode();
      expect(code).toMatch(receiptCodePattern);
      expect(code).not.toMatch(/[ILOU]/);
    }
  });

  it('use every symbol about equally often (no modulo bias), and do not repeat', () => {
    const counts = new Map<string, number>();
    const codes = new Set<string>();
    const total = 4000;
    for (let i = 0; i < total; i++) {
      const code = createReceiptCode();
      codes.add(code);
      for (const symbol of code.replace(/-/g, '')) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect(codes.size).toBe(total);
    expect(counts.size).toBe(32);
    const expected = (total * 16) / 32; // 2000 per symbol
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.15);
  });

  it('are read back whatever the case, spacing and look-alike letters', () => {
    expect(normaliseReceiptCode('7k2m q9xd 3hbt ozqe')).toBe('7K2M-Q9XD-3HBT-0ZQE');
    expect(normaliseReceiptCode('7K2M-Q9XD-3HBT-OZQE')).toBe('7K2M-Q9XD-3HBT-0ZQE');
    expect(normaliseReceiptCode('IL00-0000-0000-0000')).toBe('1100-0000-0000-0000');
    expect(normaliseReceiptCode('7K2M-Q9XD-3HBT')).toBeNull();
    expect(normaliseReceiptCode('7K2M-Q9XD-3HBT-0ZQU')).toBeNull(); // U is not in the alphabet
    const code = createReceiptCode();
    expect(normaliseReceiptCode(code.toLowerCase())).toBe(code);
  });
});
