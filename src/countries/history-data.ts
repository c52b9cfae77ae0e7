/**
 * The open data built from the history: every change as a row (`ngao.changes.v1`) and a
 * country × year panel of the status of same-sex acts since 1990 (`ngao.panel.v1`). The
 * `generated` date is the newest date in the content, not the clock, so the files are
 * reproducible. The schemas are documented in `docs/open-data.md` and on the open-data page.
 */
import type { Country } from '../schemas/country.ts';
import { allChanges, changeUpdated, datePrecision, sexes, statusInYear } from './history.ts';

/** First year of the panel: what researchers ask for, and the start of most comparative series. */
export const panelFirstYear = 1990;

/** The newest date the content carries: the latest `lastReviewed` or change update. */
export function contentDate(countries: readonly Country[]): string {
  const dates = countries.flatMap((c) => [c.lastReviewed, ...c.changes.map((change) => changeUpdated(change).toISOString().slice(0, 10))]);
  return dates.sort().at(-1) ?? '1990-01-01';
}

/** One change as published: flat fields, the country it belongs to and its stable id. */
export function changeRows(countries: readonly Country[]) {
  return allChanges(countries).map(({ iso2, region, change, id }) => ({
    id,
    iso2,
    region,
    date: change.date,
    datePrecision: datePrecision(change.date),
    kind: change.kind,
    summary: change.summary,
    fields: change.fields,
    provision: change.provision ?? null,
    status: change.status ?? null,
    sources: change.sources,
  }));
}

export function changesOpenData(countries: readonly Country[]) {
  return { schema: 'ngao.changes.v1', generated: contentDate(countries), license: 'CC-BY-4.0', changes: changeRows(countries) };
}

/** One row per country and year from 1990 to `lastYear`: status of acts between men and between women at the end of that year. */
export function panelRows(countries: readonly Country[], lastYear: number) {
  const sorted = [...countries].sort((a, b) => a.iso2.localeCompare(b.iso2));
  return sorted.flatMap((country) =>
    Array.from({ length: lastYear - panelFirstYear + 1 }, (_, i) => panelFirstYear + i).map((year) => ({
      iso2: country.iso2,
      year,
      ...Object.fromEntries(sexes.map((sex) => [sex, statusInYear(country, sex, year)])) as Record<(typeof sexes)[number], Country['sameSexActs']['male']>,
    })),
  );
}

export function panelOpenData(countries: readonly Country[]) {
  const lastYear = Number(contentDate(countries).slice(0, 4));
  return { schema: 'ngao.panel.v1', generated: contentDate(countries), license: 'CC-BY-4.0', firstYear: panelFirstYear, lastYear, rows: panelRows(countries, lastYear) };
}

/** RFC 4180: every field quoted, quotes doubled; CRLF line ends; a header row. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const field = (value: string | number | null | undefined) => `"${String(value ?? '').replaceAll('"', '""')}"`;
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

export function changesCsv(countries: readonly Country[]): string {
  const header = ['id', 'iso2', 'region', 'date', 'datePrecision', 'kind', 'summary', 'fields', 'provision', 'status.male.from', 'status.male.to', 'status.female.from', 'status.female.to', 'sources'];
  return toCsv(header, changeRows(countries).map((r) => [
    r.id, r.iso2, r.region, r.date, r.datePrecision, r.kind, r.summary, r.fields.join('; '),
    r.provision ? [r.provision.title, r.provision.article, r.provision.year].filter(Boolean).join(', ') : '',
    r.status?.male?.from, r.status?.male?.to, r.status?.female?.from, r.status?.female?.to,
    r.sources.map((s) => s.url).join('; '),
  ]));
}

export function panelCsv(countries: readonly Country[]): string {
  const { rows } = panelOpenData(countries);
  return toCsv(['iso2', 'year', 'male', 'female'], rows.map((r) => [r.iso2, r.year, r.male, r.female]));
}
