// The legal change history read every way the site reads it: ordering of partial dates,
// stable ids, the status chain the build checks, the country × year panel, the Atom
// feeds (parsed as XML and checked against RFC 4287's required elements) and the CSV.
// Country data is the real content where it carries a history, parsed by the real schema.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { countrySchema, type Country, type LegalChange } from '../../src/schemas/country.ts';
import { allChanges, changesNewestFirst, datePrecision, lastBillStage, statusHistoryProblems, statusInYear } from '../../src/countries/history.ts';
import { changesCsv, changesOpenData, panelCsv, panelOpenData, panelFirstYear } from '../../src/countries/history-data.ts';
import { changeFeed } from '../../src/countries/change-feed.ts';
import { formatPartialDate, useTranslations } from '../../src/i18n/index.ts';

const raw = (iso: string) => parse(readFileSync(new URL(`../../content/countries/${iso}.yaml`, import.meta.url), 'utf8'));
const country = (iso: string): Country => countrySchema.parse(raw(iso));
const withHistory = ['ao', 'bw', 'gh', 'ml'].map(country);

const change = (date: string, kind: LegalChange['kind'], extra: Partial<LegalChange> = {}): LegalChange => ({
  date, kind, summary: `A change of kind ${kind} on ${date}`, fields: ['sameSexActs'], sources: [{ title: 'Some source', publisher: 'Some publisher', url: 'https://example.org/', accessed: '2026-01-05' }], ...extra,
});

describe('partial dates', () => {
  it('keep their precision when shown', () => {
    expect(['2024', '2024-12', '2024-12-02'].map(datePrecision)).toEqual(['year', 'month', 'day']);
    expect(formatPartialDate('en', '2024-12-02')).toBe('2 December 2024');
    expect(formatPartialDate('en', '2024-12')).toBe('December 2024');
    expect(formatPartialDate('en', '2024')).toBe('2024');
    expect(formatPartialDate('fr', '2024-12')).toBe('décembre 2024');
  });

  it('sort newest first, and the file order decides where the dates cannot (2025 vs 2025-01)', () => {
    const ordered = changesNewestFirst([change('2024-02-28', 'bill_passed'), change('2025-01', 'bill_lapsed'), change('2025', 'bill_relaid'), change('2019-06-11', 'struck_down')]);
    expect(ordered.map((c) => c.kind)).toEqual(['bill_relaid', 'bill_lapsed', 'bill_passed', 'struck_down']);
  });
});

describe('the history', () => {
  it('gives every change a stable id, made unique within a country', () => {
    const c = { ...country('bw'), changes: [change('2020', 'ruling'), change('2020', 'ruling')] };
    expect(allChanges([c]).map((r) => r.id).sort()).toEqual(['bw-2020-ruling', 'bw-2020-ruling-2']);
    const ids = allChanges(withHistory).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('bw-2019-06-11-struck_down');
  });

  it('puts every country newest first', () => {
    const dates = allChanges(withHistory).map((r) => r.change.date.slice(0, 4));
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it("shows a pending bill's last known stage", () => {
    const gh = country('gh');
    expect(lastBillStage(gh.changes, gh.expression.pendingBills[0]!.title)?.kind).toBe('bill_relaid');
    expect(lastBillStage(gh.changes, 'Some other bill')).toBeUndefined();
  });

  it('is refused by the schema when the newest status step disagrees with the current status, naming the entry', () => {
    const data = raw('bw');
    // The 2019 High Court ruling, Botswana's newest change of status.
    const newest = data.changes.findIndex((entry: { date: unknown }) => String(entry.date) === '2019-06-11');
    data.changes[newest].status.male.to = 'unclear';
    const result = countrySchema.safeParse(data);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join('.') === `changes.${newest}.status.male.to`);
    expect(issue?.message).toMatch(/is unclear but the current status \(sameSexActs\.male\) is legal/);
  });

  it('is refused when a step does not start where the one before it ended', () => {
    const problems = statusHistoryProblems({
      sameSexActs: { ...country('bw').sameSexActs },
      changes: [change('2010', 'enacted', { status: { male: { from: 'legal', to: 'unclear' } } }), change('2019', 'struck_down', { status: { male: { from: 'criminalised', to: 'legal' } } })],
    });
    expect(problems).toEqual([{ path: ['changes', 0, 'status', 'male', 'to'], message: 'is unclear but changes[1] (2019) status.male.from is criminalised' }]);
    expect(withHistory.flatMap(statusHistoryProblems)).toEqual([]);
  });
});

describe('the country × year panel', () => {
  it('undoes every later change: Botswana criminalised until 2018, legal from 2019; Mali criminalised from 2024', () => {
    // Mali's history records acts as legal before the 2024 Penal Code (content/countries/ml.yaml).
    const [ao, bw, , ml] = withHistory as [Country, Country, Country, Country];
    expect([2018, 2019, 2026].map((y) => statusInYear(bw, 'male', y))).toEqual(['criminalised', 'legal', 'legal']);
    expect([2020, 2021].map((y) => statusInYear(ao, 'female', y))).toEqual(['criminalised', 'legal']);
    expect([1990, 2023, 2024].map((y) => statusInYear(ml, 'male', y))).toEqual(['legal', 'legal', 'criminalised']);
  });

  it('has one row per country and year, from 1990 to the year of the newest content', () => {
    const panel = panelOpenData(withHistory);
    expect(panel.schema).toBe('ngao.panel.v1');
    expect(panel.firstYear).toBe(panelFirstYear);
    expect(panel.lastYear).toBe(2026);
    expect(panel.rows).toHaveLength(4 * (2026 - 1990 + 1));
    const csv = panelCsv(withHistory).split('\r\n');
    expect(csv[0]).toBe('"iso2","year","male","female"');
    expect(csv).toContain('"BW","2018","criminalised","criminalised"');
    expect(csv.at(-1)).toBe('');
  });
});

describe('the changes open data', () => {
  it('carries every change with its schema id and a date from the content', () => {
    const data = changesOpenData(withHistory);
    expect(data.schema).toBe('ngao.changes.v1');
    // The newest date in these four files: the review of 4 December 2026.
    expect(data.generated).toBe('2026-12-04');
    expect(data.changes).toHaveLength(withHistory.reduce((n, c) => n + c.changes.length, 0));
    const lines = changesCsv(withHistory).trimEnd().split('\r\n');
    expect(lines).toHaveLength(data.changes.length + 1);
    expect(lines.find((l) => l.startsWith('"bw-2019-06-11-struck_down"'))).toContain('"day","struck_down"');
  });
});

describe('the Atom feed', () => {
  const t = useTranslations('fr');
  const build = () => changeFeed({
    locale: 'fr', t, siteUrl: 'https://ngao.example.org', feedPath: '/fr/changes/feed.xml', pagePath: '/fr/changes/',
    title: 'Changements du droit', author: 'Ngao Demo Network', changes: allChanges(withHistory), emptyUpdated: '2026-11-22',
  });
  const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' }).parse(build());

  it('has the elements RFC 4287 requires of a feed and of each entry', () => {
    const feed = xml.feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('https://ngao.example.org/fr/changes/feed.xml');
    expect(feed.title).toBe('Changements du droit');
    expect(feed.author.name).toBe('Ngao Demo Network');
    expect(feed.link.map((l: Record<string, string>) => l['@_rel'])).toContain('self');
    expect(feed.entry).toHaveLength(allChanges(withHistory).length);
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^https:\/\/ngao\.example\.org\/fr\/countries\/[a-z]{2}\/#[a-z]{2}-\d{4}/);
      expect(entry.title['#text']).toMatch(/ : /);
      expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
      expect(entry.link[0]['@_href']).toBe(entry.id);
    }
  });

  it('takes every date from the content, so two builds give the same bytes', () => {
    expect(build()).toBe(build());
    expect(xml.feed.updated).toBe('2026-12-04T00:00:00.000Z');
    const entry = xml.feed.entry.find((e: { id: string }) => e.id.endsWith('#ml-2024-12-13-enacted'));
    expect(entry.published).toBe('2024-12-13T00:00:00.000Z');
    expect(entry.title['#text']).toBe('Mali : Loi adoptée (13 décembre 2024)');
  });
});
