/**
 * The one date a build may print: never the clock, so that the same commit, content and
 * keys build the same bytes tomorrow (reproducible builds, docs/verify.md).
 *
 * `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds.org convention) wins
 * when set: a release sets it to its commit time. Without it, the date comes from the
 * content itself: the newest `lastReviewed` of any country, guide or page, which is what
 * the open data's `generated` field and the "reviewed long ago" notices measure against.
 */

/** `SOURCE_DATE_EPOCH` read and checked; an invalid value stops the build with its name and what is expected. */
export function parseSourceDateEpoch(value: string | undefined): Date | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^\d{1,12}$/.test(value.trim())) {
    throw new Error(`SOURCE_DATE_EPOCH is ${JSON.stringify(value)}: expected a whole number of seconds since 1970-01-01 UTC, e.g. the output of \`git log -1 --format=%ct\``);
  }
  return new Date(Number(value.trim()) * 1000);
}

/**
 * The build's date: `SOURCE_DATE_EPOCH` if given, else the newest of `contentDates`
 * (`YYYY-MM-DD`, read as midnight UTC). A site with no dated content at all has no date
 * to take; the build then says which variable to set.
 */
export function sourceDate(sourceDateEpoch: string | undefined, contentDates: readonly string[]): Date {
  const fromEnvironment = parseSourceDateEpoch(sourceDateEpoch);
  if (fromEnvironment) return fromEnvironment;
  const newest = [...contentDates].sort().at(-1);
  if (!newest) throw new Error('No content has a lastReviewed date and SOURCE_DATE_EPOCH is not set: set it to the release time in seconds (git log -1 --format=%ct)');
  return new Date(`${newest}T00:00:00Z`);
}
