import { z } from 'astro/zod';
import { localeCodes, type Locale } from '../i18n/languages.ts';

/** An interface language: a code of the table in `src/i18n/languages.ts`, e.g. `fr`. */
export const localeSchema = z.enum(localeCodes);
export type { Locale };

/**
 * A calendar date written `YYYY-MM-DD`. YAML parsers turn unquoted dates into `Date`
 * objects, so both forms are accepted; the result is always the ISO string, which is
 * what the pages and the open data print.
 */
export const isoDateSchema = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.iso.date({ error: 'expected a date written YYYY-MM-DD' }),
);

/** A year as a four-digit number, e.g. `2024`. */
export const yearSchema = z.number().int().min(1800).max(2100);

/** An absolute https link to a public page. Plain http is refused: sources must be reachable safely. */
export const publicUrlSchema = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });

/**
 * A published source a fact rests on. Every fact on the site can be traced to one of these.
 */
export const sourceSchema = z.strictObject({
  /** Title of the document or page, as the publisher gives it. */
  title: z.string().min(3),
  /** Who published it: an organisation, court, parliament or official gazette. */
  publisher: z.string().min(2),
  /** Where a reader can check it. */
  url: publicUrlSchema,
  /** The day the source was last read by the editor. */
  accessed: isoDateSchema,
});
export type Source = z.infer<typeof sourceSchema>;

/**
 * Where a text in one language came from. Present on every content file that was
 * translated; absent on a text written in its own language (the English sources). The
 * page shows a short note while `reviewed` is false, and `npm run review` reports a
 * translation whose `updated` date is older than its source's last review.
 */
export const translationSchema = z.strictObject({
  /** The language this text was translated from, usually `en`. */
  from: localeSchema,
  /** The day the translation was made, or last brought level with its source. */
  updated: isoDateSchema,
  /** Whether a native speaker has read and corrected it. */
  reviewed: z.boolean(),
});
export type Translation = z.infer<typeof translationSchema>;

/** How sure the editors are of a record as a whole. Anything below `high` shows a notice. */
export const confidenceSchema = z.enum(['high', 'medium', 'low']);
