import type { Country } from '../schemas/country.ts';
import type { OpenData } from '../schemas/open-data.ts';

/** The JSON data set: facts exactly as validated, sorted by ISO code. */
export function countriesOpenData(countries: Country[], generated: Date): OpenData {
  return {
    schema: 'ngao.countries.v1',
    generated: generated.toISOString(),
    license: 'CC-BY-4.0',
    countries: [...countries].sort((a, b) => a.iso2.localeCompare(b.iso2)),
  };
}

const join = (values: (string | number | undefined | null)[]) => values.filter((v) => v !== undefined && v !== null && v !== '').join('; ');

/** One CSV column: its header and how to read it from a country. Nested lists are joined with "; ". */
const csvColumns: [string, (c: Country) => string | number | null | undefined][] = [
  ['iso2', (c) => c.iso2],
  ['name', (c) => c.name],
  ['region', (c) => c.region],
  ['sameSexActs.male', (c) => c.sameSexActs.male],
  ['sameSexActs.female', (c) => c.sameSexActs.female],
  ['sameSexActs.maxPenalty.kind', (c) => c.sameSexActs.maxPenalty.kind],
  ['sameSexActs.maxPenalty.years', (c) => c.sameSexActs.maxPenalty.years],
  ['sameSexActs.maxPenalty.text', (c) => c.sameSexActs.maxPenalty.text],
  ['sameSexActs.since', (c) => c.sameSexActs.since],
  ['sameSexActs.decriminalised', (c) => c.sameSexActs.decriminalised],
  ['sameSexActs.laws', (c) => join(c.sameSexActs.laws.map((l) => join([l.title, l.article, l.year]).replaceAll('; ', ', ')))],
  ['genderExpression', (c) => c.genderExpression],
  ['genderRecognition', (c) => c.genderRecognition],
  ['protections.constitution', (c) => c.protections.constitution],
  ['protections.employment', (c) => c.protections.employment],
  ['protections.hateCrime', (c) => c.protections.hateCrime],
  ['expression.promotionBan', (c) => c.expression.promotionBan],
  ['expression.ngoRegistrationBarriers', (c) => c.expression.ngoRegistrationBarriers],
  ['expression.pendingBills', (c) => join(c.expression.pendingBills.map((b) => b.title))],
  ['civicSpace', (c) => join(c.civicSpace.map((l) => l.title))],
  ['defenders.law.title', (c) => c.defenders.law?.title],
  ['defenders.law.number', (c) => c.defenders.law?.number],
  ['defenders.law.year', (c) => c.defenders.law?.year],
  ['defenders.mechanism', (c) => c.defenders.mechanism],
  ['lastReviewed', (c) => c.lastReviewed],
  ['confidence', (c) => c.confidence],
  ['uncertainties', (c) => join(c.uncertainties)],
  ['sources', (c) => join(c.sources.map((s) => s.url))],
];

/** RFC 4180 quoting: every field quoted, quotes doubled, so commas and line breaks in notes are safe. */
const csvField = (value: string | number | null | undefined) => `"${String(value ?? '').replaceAll('"', '""')}"`;

/** The CSV data set: UTF-8, CRLF line ends, a header row, one row per country. */
export function countriesCsv(countries: Country[]): string {
  const rows = [...countries].sort((a, b) => a.iso2.localeCompare(b.iso2)).map((c) => csvColumns.map(([, read]) => csvField(read(c))).join(','));
  return [csvColumns.map(([name]) => csvField(name)).join(','), ...rows].join('\r\n') + '\r\n';
}
