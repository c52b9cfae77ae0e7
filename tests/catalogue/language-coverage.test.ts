// Every country narrative, guide and standing page must exist in every locale, unless a
// partial locale in content/site.yaml says it does not cover it and why. The first block
// checks the real corpus; the second the rule itself on small inventories.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentInventory } from '../../src/catalogue/content-inventory.ts';
import { languageCoverage, unknownCoverageClaims, type Document } from '../../src/catalogue/language-coverage.ts';
import { loadSiteConfig } from '../../src/config/site.ts';
import { siteConfigSchema } from '../../src/schemas/site.ts';

const content = resolve(new URL('../../content/', import.meta.url).pathname);

describe('language coverage of the corpus', () => {
  const site = loadSiteConfig(resolve(content, 'site.yaml'));
  const documents = contentInventory(content);

  it('finds the three kinds of translated documents', () => {
    const kinds = new Set(documents.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(['countries', 'guides', 'pages']);
    expect(documents.find((d) => d.kind === 'pages' && d.slug === 'help')).toBeDefined();
  });

  it('has every page in every locale, or a declared reason', () => {
    const missing = languageCoverage(documents, site.locales, site.partialLocales)
      .filter((cell) => cell.status === 'missing')
      .map((cell) => `content/${cell.kind}/${cell.slug}/${cell.locale}.mdx`);
    expect(missing, 'add these files, or declare the locale partial in content/site.yaml (partialLocales)').toEqual([]);
  });

  it('names only documents that exist in partialLocales', () => {
    expect(unknownCoverageClaims(documents, site.partialLocales)).toEqual([]);
  });
});

describe('languageCoverage', () => {
  const docs: Document[] = [
    { kind: 'guides', slug: 'if-you-are-arrested', locales: ['en', 'fr'] },
    { kind: 'guides', slug: 'wellbeing', locales: ['en'] },
    { kind: 'pages', slug: 'help', locales: ['en', 'fr'] },
  ];

  it('reports a file absent in a full locale as missing', () => {
    const cells = languageCoverage(docs, ['en', 'fr'], {});
    expect(cells.filter((c) => c.status === 'missing').map((c) => `${c.slug}/${c.locale}`)).toEqual(['wellbeing/fr']);
    expect(cells).toHaveLength(6);
  });

  it('excuses what a partial locale does not cover, with its reason', () => {
    const partial = { fr: { covers: { pages: ['help'], guides: ['if-you-are-arrested'] }, reason: 'first wave: emergency content only' } };
    const wellbeing = languageCoverage(docs, ['en', 'fr'], partial).find((c) => c.slug === 'wellbeing' && c.locale === 'fr');
    expect(wellbeing).toEqual({ kind: 'guides', slug: 'wellbeing', locale: 'fr', status: 'excused', reason: 'first wave: emergency content only' });
  });

  it('still reports a document the partial locale claims to cover but lacks', () => {
    const partial = { fr: { covers: { guides: 'all' as const }, reason: 'first wave: guides only' } };
    const missing = languageCoverage(docs, ['en', 'fr'], partial).filter((c) => c.status === 'missing');
    expect(missing.map((c) => `${c.kind}/${c.slug}/${c.locale}`)).toEqual(['guides/wellbeing/fr']);
  });

  it('flags a covered slug that names no document', () => {
    const claims = unknownCoverageClaims(docs, { fr: { covers: { guides: ['if-you-are-arested'] }, reason: 'first wave: emergency content only' } });
    expect(claims).toEqual([expect.stringContaining('partialLocales.fr.covers.guides names "if-you-are-arested"')]);
  });
});

describe('partialLocales in the site schema', () => {
  const base = {
    organisation: { name: 'Test Org' },
    siteUrl: 'https://ngao.example.org',
    locales: ['en', 'fr'],
    quickExitUrl: 'https://example.org/',
    relayUrl: '/api/submissions',
    recipientKeys: 'content/keys',
  };

  it('refuses the first locale as partial, since it is the fallback', () => {
    const result = siteConfigSchema.safeParse({ ...base, partialLocales: { en: { covers: {}, reason: 'not translated at all' } } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['partialLocales']);
  });

  it('refuses a partial locale without a reason', () => {
    expect(siteConfigSchema.safeParse({ ...base, partialLocales: { fr: { covers: {}, reason: '' } } }).success).toBe(false);
  });

  it('accepts a partial second locale', () => {
    expect(siteConfigSchema.safeParse({ ...base, partialLocales: { fr: { covers: { pages: ['help'] }, reason: 'first wave: help page only' } } }).success).toBe(true);
  });
});
