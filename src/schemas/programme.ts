import { z } from 'astro/zod';
import { isoDateSchema, localeSchema, publicUrlSchema, sourceSchema } from './common.ts';

/** What a programme offers. The help page and the directory filters group by these. */
export const programmeKindSchema = z.enum([
  'relocation',
  'emergency-grant',
  'rest-respite',
  'hotline',
  'legal',
  'psychosocial',
  'advocacy',
]);

/** Who may apply. */
export const applicantSchema = z.enum(['hrd', 'lgbti', 'whrd', 'organisations', 'journalists', 'family']);

/** Where the programme supports people: `global`, `africa`, or an African Union region. */
export const programmeRegionSchema = z.enum(['global', 'africa', 'north', 'west', 'central', 'east', 'southern']);

/**
 * A shelter, relocation, grant, hotline, legal or psychosocial support programme, in
 * `content/programmes/<slug>.yaml`. Only public programmes of established organisations,
 * and only their public contact channels. Figures exactly as the operator publishes
 * them; leave a field out rather than guess.
 */
export const programmeSchema = z.strictObject({
  /** The programme's own name, e.g. "Shelter City". */
  name: z.string().min(2),
  /** The organisation that runs it. */
  operator: z.string().min(2),
  kinds: z.array(programmeKindSchema).min(1),
  regions: z.array(programmeRegionSchema).min(1),
  /** Who may apply. */
  applicants: z.array(applicantSchema).min(1),
  /** Conditions to be eligible, in plain English. */
  eligibility: z.string().min(10),
  /** What the programme provides. */
  offers: z.string().min(10),
  /** What it does not cover. */
  exclusions: z.string().optional(),
  /** Largest amount of a grant, as the operator states it, e.g. "EUR 10,000". */
  maxAmount: z.string().optional(),
  /** How long support lasts, e.g. "3 months". */
  duration: z.string().optional(),
  /**
   * Whether the programme takes requests now. `paused`: the operator says intake is
   * suspended (funding cuts have paused several in 2025–2026); `unclear`: no recent
   * statement found. Closed programmes are removed, not listed.
   */
  status: z.enum(['open', 'paused', 'unclear']).default('open'),
  /** One sentence explaining a `paused` or `unclear` status, with where to check. */
  statusNote: z.string().optional(),
  /** `rolling`: apply any time; `calls`: only during open calls; `invitation`: by nomination. */
  intake: z.enum(['rolling', 'calls', 'invitation']),
  /** How fast the operator says it answers, as published. */
  responseTime: z.string().optional(),
  /** Languages applications are accepted in (ISO 639-1 codes, e.g. `en`, `fr`, `ar`). */
  languages: z.array(z.string().regex(/^[a-z]{2}$/)).min(1),
  /** Steps to apply, in plain English. */
  howToApply: z.string().min(10),
  /** Public channels only; never a private person. */
  contact: z
    .strictObject({
      website: publicUrlSchema,
      email: z.email().optional(),
      /** An emergency line exactly as published, with country code, e.g. "+353 1 210 0489". */
      phone: z.string().regex(/^\+[0-9 ()-]{7,20}$/, 'expected an international number starting with +').optional(),
      /** Other public channels as published (Signal, WhatsApp), in plain words. */
      other: z.string().optional(),
    }),
  /** Day an editor last checked the details against the operator's own pages. */
  lastVerified: isoDateSchema,
  sources: z.array(sourceSchema).min(1),
  /** Two or three sentences per language. English is required; other languages fall back to it. */
  summary: z
    .strictObject(Object.fromEntries(localeSchema.options.map((l) => [l, z.string().min(20).max(600)])) as Record<
      z.infer<typeof localeSchema>,
      z.ZodString
    >)
    .partial()
    .required({ en: true }),
});
export type Programme = z.infer<typeof programmeSchema>;
