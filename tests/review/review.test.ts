// What `npm run review` reports, from small records built here, and the real command run
// once on the real content: it must exit 0 (a report, not a gate) and say what it counted.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { countrySchema } from '../../src/schemas/country.ts';
import { dueForReview, formatDueReport, type ReviewInput } from '../../src/review/due.ts';

const gh = countrySchema.parse(parse(readFileSync(new URL('../../content/countries/gh.yaml', import.meta.url), 'utf8')));
const source = (accessed: string) => ({ title: 'A source', publisher: 'Publisher', url: 'https://example.org/', accessed });
const input = (overrides: Partial<ReviewInput> = {}): ReviewInput => ({
  locales: ['en', 'fr', 'sw'],
  countries: [{ file: 'content/countries/gh.yaml', data: gh, narratives: [{ lang: 'en', file: 'content/countries/gh/en.mdx' }, { lang: 'fr', file: 'content/countries/gh/fr.mdx', translation: { from: 'en', updated: gh.lastReviewed, reviewed: true } }] }],
  guides: [{ slug: 'g', versions: [
    { lang: 'en', file: 'content/guides/g/en.mdx', lastReviewed: '2025-01-10', sources: [source('2024-06-01'), source('2026-01-01')] },
    { lang: 'fr', file: 'content/guides/g/fr.mdx', lastReviewed: '2025-01-10', translation: { from: 'en', updated: '2024-12-01', reviewed: false } },
  ] }],
  pages: [],
  programmes: [{ file: 'content/programmes/p.yaml', data: { lastVerified: '2026-06-01', sources: [source('2026-06-01')] } }],
  ...overrides,
});

describe('the review report', () => {
  const today = new Date('2026-12-04T00:00:00Z');

  it('lists records, sources and translations past the period, and the languages each item lacks', () => {
    const report = dueForReview(input(), 12, today);
    expect(report.records).toEqual([{ file: 'content/guides/g/en.mdx', message: 'lastReviewed 2025-01-10' }, { file: 'content/guides/g/fr.mdx', message: 'lastReviewed 2025-01-10' }]);
    expect(report.sources).toEqual([{ file: 'content/guides/g/en.mdx', message: 'sources[0] (Publisher) read on 2024-06-01' }]);
    expect(report.translations).toEqual([{ file: 'content/guides/g/fr.mdx', message: "translation.updated 2024-12-01 is older than its source's (en) lastReviewed 2025-01-10" }]);
    expect(report.translations.map((t) => t.file)).not.toContain('content/countries/gh/fr.mdx');
    expect(report.languages).toEqual([
      { file: 'content/countries/gh/', message: 'missing sw' },
      { file: 'content/guides/g/', message: 'missing sw; not reviewed by a native speaker: fr' },
    ]);
  });

  it("uses the organisation's period: six months makes the programme due", () => {
    expect(dueForReview(input(), 12, today).records.map((r) => r.file)).not.toContain('content/programmes/p.yaml');
    expect(dueForReview(input(), 6, today).records).toContainEqual({ file: 'content/programmes/p.yaml', message: 'lastVerified 2026-06-01' });
  });

  it('reports a pending bill whose last recorded stage was checked too long ago, or never', () => {
    expect(dueForReview(input(), 12, today).bills).toEqual([]);
    const later = dueForReview(input(), 12, new Date('2028-01-01T00:00:00Z')).bills;
    expect(later).toEqual([{ file: 'content/countries/gh.yaml', message: expect.stringMatching(/Family Values Bill[^"]*": last checked \d{4}-\d{2}-\d{2} \(bill_relaid, 2026-02-10\)$/) }]);
    const noHistory = { ...gh, changes: [] };
    expect(dueForReview(input({ countries: [{ file: 'content/countries/gh.yaml', data: noHistory, narratives: [] }] }), 12, today).bills[0]?.message).toMatch(/no entry in changes records its stage/);
  });

  it('prints one section per kind with its count', () => {
    const text = formatDueReport(dueForReview(input(), 12, today), 12, today);
    expect(text).toMatch(/^Review report for 2026-12-04 \(review period: 12 months\)/);
    expect(text).toContain('Records past their review date: 2\n  content/guides/g/en.mdx: lastReviewed 2025-01-10');
  });

  it('runs on the real content and exits 0 even when much is due', () => {
    const out = execFileSync('npm', ['run', '--silent', 'review'], { env: { ...process.env, NGAO_REVIEW_DATE: '2030-01-01' }, encoding: 'utf8' });
    expect(out).toMatch(/Records past their review date: [1-9]\d*/);
    expect(out).toMatch(/content\/countries\/[a-z]{2}\.yaml: lastReviewed \d{4}-\d{2}-\d{2}/);
  });
});
