import { getCollection } from 'astro:content';
import { sourceDate } from '../release/source-date.ts';

let cached: Promise<Date> | undefined;

/**
 * The date this build speaks as of (see `release/source-date.ts`): `SOURCE_DATE_EPOCH`,
 * else the newest `lastReviewed` in the content. Used for the open data's `generated`
 * field and for "reviewed more than a year ago" notices, never the clock.
 */
export function getBuildDate(): Promise<Date> {
  cached ??= (async () => {
    const dated = [...(await getCollection('countries')), ...(await getCollection('guides')), ...(await getCollection('pages'))];
    return sourceDate(process.env.SOURCE_DATE_EPOCH, dated.map((entry) => entry.data.lastReviewed));
  })();
  return cached;
}
