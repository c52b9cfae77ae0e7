import { z } from 'astro/zod';
import { countrySchema } from './country.ts';

/** The published data set, `/data/countries.json`: schema version, date, licence, and every country's facts. */
export const openDataSchema = z.strictObject({
  schema: z.literal('ngao.countries.v1'),
  /** When the build made the file (ISO 8601). */
  generated: z.iso.datetime(),
  license: z.literal('CC-BY-4.0'),
  countries: z.array(countrySchema),
});
export type OpenData = z.infer<typeof openDataSchema>;
