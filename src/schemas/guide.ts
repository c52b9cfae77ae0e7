import { z } from 'astro/zod';
import { isoDateSchema, sourceSchema, translationSchema } from './common.ts';

/** What a guide is about. A guide can have several topics; the guide list filters on them. */
export const guideTopicSchema = z.enum([
  'digital',
  'physical',
  'legal',
  'documentation',
  'wellbeing',
  'relocation',
  'funding',
  'un-mechanisms',
]);

/** Who a guide is written for: everyone, LGBTI defenders, women human rights defenders. */
export const audienceSchema = z.enum(['all', 'lgbti', 'whrd']);

/**
 * Front matter of a protection guide, `content/guides/<slug>/<lang>.mdx`. The slug is
 * the folder name and is the same in every language.
 */
export const guideSchema = z.strictObject({
  /** The guide's title, in the file's language. */
  title: z.string().min(3).max(120),
  /** One or two sentences: what the reader will be able to do after reading. */
  summary: z.string().min(20).max(300),
  /**
   * The first things to do in an emergency, a few short lines in the file's language. The
   * "What is happening?" triage pages show these and link to the guide, so the steps are
   * written once, here, and a translator meets them in the same file as the rest.
   */
  firstSteps: z.array(z.string().min(10).max(300)).max(5).default([]),
  topics: z.array(guideTopicSchema).min(1),
  audience: z.array(audienceSchema).min(1),
  /** Where the guide is placed in lists: lower comes first. */
  order: z.number().int().min(0).default(100),
  /** Day an editor last checked the guide. */
  lastReviewed: isoDateSchema,
  /** Set when this file is a translation; see `translationSchema`. */
  translation: translationSchema.optional(),
  /** Published material the advice rests on. */
  sources: z.array(sourceSchema).min(1),
  /** Slugs of programmes (in `content/programmes/`) a reader of this guide may need. */
  programmes: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
});
export type Guide = z.infer<typeof guideSchema>;
