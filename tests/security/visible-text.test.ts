import { describe, expect, it } from 'vitest';
import { visibleLine, visibleText } from '../../src/security/visible-text.ts';

describe('visibleText', () => {
  it('shows every C0 control except tab and line feed, DEL and every C1 control as its code point', () => {
    for (let code = 0; code <= 0x9f; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const character = String.fromCharCode(code);
      const shown = visibleText(`a${character}b`);
      if (code === 0x09 || code === 0x0a) expect(shown).toBe(`a${character}b`);
      else expect(shown).toBe(`a<U+${code.toString(16).toUpperCase().padStart(4, '0')}>b`);
    }
  });

  it('shows bidi embeddings, overrides and isolates, and keeps the marks Arabic text uses', () => {
    expect(visibleText('x\u202ey\u202cz')).toBe('x<U+202E>y<U+202C>z');
    for (const code of [0x202a, 0x202b, 0x202d, 0x2066, 0x2067, 0x2068, 0x2069]) {
      expect(visibleText(String.fromCharCode(code))).toBe(`<U+${code.toString(16).toUpperCase()}>`);
    }
    expect(visibleText('\u0645\u0631\u062d\u0628\u0627\u200f 2026 \u200e\u061c')).toBe('\u0645\u0631\u062d\u0628\u0627\u200f 2026 \u200e\u061c');
  });

  it('turns CRLF into LF but shows a carriage return on its own', () => {
    expect(visibleText('one\r\ntwo\rFAKE')).toBe('one\ntwo<U+000D>FAKE');
  });

  it('replaces unpaired surrogates and leaves ordinary text alone', () => {
    expect(visibleText('a\ud800b')).toBe('a\ufffdb');
    const ordinary = 'Témoignage — Kampala, 3 mai\n\tliste 🏳️‍🌈';
    expect(visibleText(ordinary)).toBe(ordinary);
  });

  it('shows line feeds and tabs too on one-line values', () => {
    expect(visibleLine('Subject\nBcc: x\there')).toBe('Subject<U+000A>Bcc: x<U+0009>here');
  });
});
