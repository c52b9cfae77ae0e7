/**
 * A country's dated history of legal change, read the ways the site needs it: newest
 * first for the timeline and the feeds, as open-data rows, and undone year by year for
 * the country × year panel. Everything that shows a date of change goes through here, so
 * the timeline, the feeds, the panel and the open data cannot disagree.
 */
import type { Country, LegalChange } from '../schemas/country.ts';

import { compareNewestFirst, type Sex } from '../schemas/status-history.ts';

export { compareNewestFirst, sexes, statusHistoryProblems, type Sex } from '../schemas/status-history.ts';

/** How much of a partial date is known. */
export type DatePrecision = 'year' | 'month' | 'day';
export function datePrecision(date: string): DatePrecision {
  return date.length === 4 ? 'year' : date.length === 7 ? 'month' : 'day';
}

/** The year of a partial date. */
export const dateYear = (date: string) => Number(date.slice(0, 4));


/**
 * A country's changes, newest first. Entries the dates cannot order keep the file's
 * order reversed: the file lists a country's history oldest first.
 */
export function changesNewestFirst(changes: readonly LegalChange[]): LegalChange[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => compareNewestFirst(a.change.date, b.change.date) || b.index - a.index)
    .map(({ change }) => change);
}

/** One change with the country it belongs to and an id that stays the same from build to build. */
export interface CountryChange {
  iso2: string;
  region: Country['region'];
  change: LegalChange;
  /** `bw-2019-06-11-struck_down`: the page anchor, the feed entry id and the open-data id. */
  id: string;
}

/**
 * Every country's changes, newest first (country code breaks ties). Ids are built from
 * country, date and kind; a second change with the same three gets `-2`, in file order.
 */
export function allChanges(countries: readonly Country[]): CountryChange[] {
  const rows = countries.flatMap((country) => {
    const seen = new Map<string, number>();
    return changesNewestFirst(country.changes).reverse().map((change) => {
      const base = `${country.iso2.toLowerCase()}-${change.date}-${change.kind}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return { iso2: country.iso2, region: country.region, change, id: n === 1 ? base : `${base}-${n}` };
    });
  });
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => compareNewestFirst(a.row.change.date, b.row.change.date) || (a.row.iso2 === b.row.iso2 ? b.index - a.index : a.row.iso2.localeCompare(b.row.iso2)))
    .map(({ row }) => row);
}

/** The bill kinds: a pending bill's last known stage is the newest change of one of these. */
const billKinds = new Set<LegalChange['kind']>(['bill_introduced', 'bill_relaid', 'bill_passed', 'bill_lapsed', 'bill_withdrawn']);

/**
 * The newest bill change whose `provision.title` is the bill's title, or undefined when
 * the history has none for it.
 */
export function lastBillStage(changes: readonly LegalChange[], billTitle: string): LegalChange | undefined {
  return changesNewestFirst(changes).find((c) => billKinds.has(c.kind) && c.provision?.title === billTitle);
}

/** The first day a partial date may mean, as a UTC instant: `2019` → 1 January 2019. */
export function dateStart(date: string): Date {
  const [year, month = 1, day = 1] = date.split('-').map(Number) as [number, number?, number?];
  return new Date(Date.UTC(year, month - 1, day));
}

/**
 * When a change was last touched in the content: the latest of its date and its sources'
 * access dates. The feeds' `updated` comes from here, never from the clock, so two builds
 * of the same content give the same bytes.
 */
export function changeUpdated(change: LegalChange): Date {
  const days = [change.date, ...change.sources.map((s) => s.accessed)].map(dateStart);
  return new Date(Math.max(...days.map((d) => d.getTime())));
}


/** The status of same-sex acts in a year: the current status with every change dated after that year undone. */
export function statusInYear(country: Pick<Country, 'sameSexActs' | 'changes'>, sex: Sex, year: number): Country['sameSexActs']['male'] {
  let status = country.sameSexActs[sex];
  for (const change of changesNewestFirst(country.changes)) {
    if (dateYear(change.date) <= year) continue;
    const step = change.status?.[sex];
    if (step) status = step.from;
  }
  return status;
}
