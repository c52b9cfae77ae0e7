import { z } from 'astro/zod';
import { countrySchema } from './country.ts';

/** The published data set, `/data/countries.json`: schema version, date, licence, and every country's facts. */
export const openDataSchema = z.strictObject({
  schema: z.literal('ngao.countries.v1'),
  /** The date the data speaks as of (ISO 8601): `SOURCE_DATE_EPOCH`, else the newest `lastReviewed` in the content; never the build's clock, so builds reproduce. */
  generated: z.iso.datetime(),
  license: z.literal('CC-BY-4.0'),
  countries: z.array(countrySchema),
});
export type OpenData = z.infer<typeof openDataSchema>;
