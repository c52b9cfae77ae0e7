/**
 * What editors must check again, worked out from the content alone: records whose
 * review date is older than the organisation's review period, sources read too long ago,
 * pending bills with no recent check, and translations older than their source or not yet
 * reviewed. Pure: the shell (`run.ts`) reads the files and prints.
 */
import { isOlderThanMonths } from '../components/LastReviewed/age.ts';
import { changeUpdated, lastBillStage } from '../countries/history.ts';
import type { Country } from '../schemas/country.ts';
import type { Source, Translation } from '../schemas/common.ts';

/** One language version of a guide, page or country narrative. */
export interface Version {
  lang: string;
  file: string;
  /** The version's own review date; country narratives have none (the facts file's counts). */
  lastReviewed?: string | undefined;
  translation?: Translation | undefined;
  sources?: Source[] | undefined;
}

export interface ReviewInput {
  countries: { file: string; data: Country; narratives: Version[] }[];
  guides: { slug: string; versions: Version[] }[];
  pages: { slug: string; versions: Version[] }[];
  programmes: { file: string; data: { lastVerified: string; sources: Source[] } }[];
  locales: readonly string[];
}

export interface DueItem {
  file: string;
  /** What is due, in a sentence an editor can act on. */
  message: string;
}

export type DueReport = Record<'records' | 'sources' | 'bills' | 'translations' | 'languages', DueItem[]>;

export function dueForReview(input: ReviewInput, months: number, today: Date): DueReport {
  const old = (date: string) => isOlderThanMonths(date, months, today);
  const report: DueReport = { records: [], sources: [], bills: [], translations: [], languages: [] };
  const checkSources = (file: string, sources: readonly Source[], where = 'sources') => {
    for (const [i, s] of sources.entries()) if (old(s.accessed)) report.sources.push({ file, message: `${where}[${i}] (${s.publisher}) read on ${s.accessed}` });
  };
  /** `sourceReviewed(lang)`: when the version a translation was made from was last reviewed. */
  const checkVersions = (label: string, sourceReviewed: (lang: string) => string | undefined, versions: Version[]) => {
    for (const v of versions) {
      const reviewed = v.translation && sourceReviewed(v.translation.from);
      if (v.translation && reviewed && v.translation.updated < reviewed) {
        report.translations.push({ file: v.file, message: `translation.updated ${v.translation.updated} is older than its source's (${v.translation.from}) lastReviewed ${reviewed}` });
      }
    }
    const have = new Set(versions.map((v) => v.lang));
    const missing = input.locales.filter((l) => !have.has(l));
    const unreviewed = versions.filter((v) => v.translation && !v.translation.reviewed).map((v) => v.lang);
    if (missing.length || unreviewed.length) {
      report.languages.push({ file: label, message: [missing.length && `missing ${missing.join(', ')}`, unreviewed.length && `not reviewed by a native speaker: ${unreviewed.join(', ')}`].filter(Boolean).join('; ') });
    }
  };

  for (const { file, data, narratives } of input.countries) {
    if (old(data.lastReviewed)) report.records.push({ file, message: `lastReviewed ${data.lastReviewed}` });
    checkSources(file, data.sources);
    for (const [i, change] of data.changes.entries()) checkSources(file, change.sources, `changes[${i}].sources`);
    for (const bill of data.expression.pendingBills) {
      const stage = lastBillStage(data.changes, bill.title);
      if (!stage) report.bills.push({ file, message: `"${bill.title}": no entry in changes records its stage` });
      else {
        const checked = changeUpdated(stage).toISOString().slice(0, 10);
        if (old(checked)) report.bills.push({ file, message: `"${bill.title}": last checked ${checked} (${stage.kind}, ${stage.date})` });
      }
    }
    // A narrative has no review date of its own: its facts file's counts for every language.
    checkVersions(file.replace(/\.yaml$/, '/'), () => data.lastReviewed, narratives);
  }
  for (const { slug, versions } of [...input.guides.map((g) => ({ ...g, kind: 'guides' })), ...input.pages.map((p) => ({ ...p, kind: 'pages' }))]) {
    const english = versions.find((v) => v.lang === 'en');
    for (const v of versions) {
      if (v.lastReviewed && old(v.lastReviewed)) report.records.push({ file: v.file, message: `lastReviewed ${v.lastReviewed}` });
      if (v.sources && !v.translation) checkSources(v.file, v.sources);
    }
    checkVersions(english?.file.replace(/[^/]+$/, '') ?? slug, (lang) => versions.find((v) => v.lang === lang)?.lastReviewed, versions);
  }
  for (const { file, data } of input.programmes) {
    if (old(data.lastVerified)) report.records.push({ file, message: `lastVerified ${data.lastVerified}` });
    checkSources(file, data.sources);
  }
  return report;
}

const headings: Record<keyof DueReport, string> = {
  records: 'Records past their review date',
  sources: 'Sources read longer ago than the review period',
  bills: 'Pending bills not re-checked within the review period',
  translations: 'Translations older than their English source',
  languages: 'Languages missing or not reviewed',
};

/** The report as editors read it: one section per kind, one line per item, counts first. */
export function formatDueReport(report: DueReport, months: number, today: Date): string {
  const lines = [`Review report for ${today.toISOString().slice(0, 10)} (review period: ${months} months)`, ''];
  for (const key of Object.keys(headings) as (keyof DueReport)[]) {
    lines.push(`${headings[key]}: ${report[key].length}`);
    for (const item of report[key]) lines.push(`  ${item.file}: ${item.message}`);
    lines.push('');
  }
  return lines.join('\n');
}
