import { z } from 'astro/zod';
import { isoDateSchema, translationSchema } from './common.ts';

/** Front matter of a standing page (help, browse safely, about, open data), `content/pages/<slug>/<lang>.mdx`. */
export const pageSchema = z.strictObject({
  title: z.string().min(2).max(120),
  /** One sentence, used as the page description and in search results. */
  summary: z.string().min(10).max(300),
  lastReviewed: isoDateSchema,
  /** Set when this file is a translation; see `translationSchema`. */
  translation: translationSchema.optional(),
});
