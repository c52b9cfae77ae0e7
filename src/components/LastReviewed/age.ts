/** Whether a `YYYY-MM-DD` date lies more than `months` months before `now` (the build's date, `catalogue/build-date.ts`). */
export function isOlderThanMonths(isoDate: string, months: number, now: Date): boolean {
  const limit = new Date(now);
  limit.setUTCMonth(limit.getUTCMonth() - months);
  return new Date(`${isoDate}T00:00:00Z`) < limit;
}
