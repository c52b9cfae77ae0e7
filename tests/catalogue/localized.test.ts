import { describe, expect, it } from 'vitest';
import { pickLanguage } from '../../src/catalogue/localized.ts';

const versions = [{ id: 'online-harassment/en' }, { id: 'online-harassment/fr' }];

describe('pickLanguage', () => {
  it('takes the reader’s language when the text exists in it', () => {
    expect(pickLanguage(versions, 'fr')).toEqual({ entry: versions[1], lang: 'fr', fallback: false });
  });

  it('falls back to English, says so, and names the real language of the text', () => {
    expect(pickLanguage(versions, 'pt')).toEqual({ entry: versions[0], lang: 'en', fallback: true });
  });

  it('falls back to French when there is no English', () => {
    expect(pickLanguage([{ id: 'x/fr' }], 'sw')).toEqual({ entry: { id: 'x/fr' }, lang: 'fr', fallback: true });
  });
});
