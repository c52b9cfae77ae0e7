import { z } from 'astro/zod';
import { statusHistoryProblems } from './status-history.ts';
import { confidenceSchema, isoDateSchema, sourceSchema, translationSchema, yearSchema } from './common.ts';

/**
 * The legal status of consensual same-sex acts.
 * - `criminalised`: a law in force makes them an offence.
 * - `de_facto_criminalised`: no explicit offence, but other laws (public decency,
 *   "debauchery", vagrancy) are routinely used to arrest and prosecute.
 * - `legal`: no offence, in law or in regular practice.
 * - `unclear`: sources disagree, or a change is not yet in force. Say why in `uncertainties`.
 */
export const legalStatusSchema = z.enum(['criminalised', 'de_facto_criminalised', 'legal', 'unclear']);

/** A three-way answer for a protection or a restriction: `limited` means partial or only in some areas. */
export const protectionLevelSchema = z.enum(['yes', 'limited', 'no', 'unclear']);

/** A provision of law, cited as the law itself cites it. */
export const provisionSchema = z.strictObject({
  /** The instrument's name, e.g. `Penal Code` or `Anti-Homosexuality Act`. */
  title: z.string().min(3),
  /** The article or section, e.g. `Art. 319` or `s. 162`. Omit rather than guess. */
  article: z.string().min(1).optional(),
  /** Year the instrument (or the amendment introducing the provision) was adopted. */
  year: yearSchema.optional(),
});

/** The heaviest sentence the law allows for consensual same-sex acts between adults. */
export const maxPenaltySchema = z.strictObject({
  /**
   * `none` where acts are legal; `prison` with `years`; `life`; `death` where a law
   * provides it; `unspecified` where the offence exists but the law sets no maximum (a
   * common-law offence punished at the court's discretion).
   */
  kind: z.enum(['none', 'fine', 'prison', 'life', 'death', 'unspecified']),
  /** Maximum term in years, for `prison`. */
  years: z.number().positive().max(100).optional(),
  /** One plain-English sentence, e.g. "Up to 14 years' imprisonment (s. 162)". */
  text: z.string().min(3),
});

export const countryFieldNames = [
  'sameSexActs',
  'genderExpression',
  'genderRecognition',
  'protections',
  'expression',
  'civicSpace',
  'defenders',
  'unMechanisms',
] as const;

/**
 * A date known to the day, the month or only the year: `2024-12-02`, `2024-12`, `2024`.
 * Legal change is often reported as "in March 2026" or "in 2019": write only what the
 * sources say, never a day that is not known.
 */
export const partialDateSchema = z.preprocess(
  (value) =>
    value instanceof Date && !Number.isNaN(value.getTime())
      ? value.toISOString().slice(0, 10)
      : typeof value === 'number'
        ? String(value)
        : value,
  z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD')
    .refine((text) => {
      const [year, month = 1, day = 1] = text.split('-').map(Number) as [number, number?, number?];
      const date = new Date(Date.UTC(year, month - 1, day));
      return year >= 1800 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    }, 'not a real date'),
);

/**
 * What kind of legal change an entry of a country's history records.
 * - `enacted`: a law, code or amendment adopted and promulgated (or assented to).
 * - `in_force`: a law adopted earlier comes into force.
 * - `repealed`: a provision repealed by the legislature.
 * - `bill_introduced`, `bill_relaid` (introduced again in a new session), `bill_passed`
 *   (adopted by parliament, not yet promulgated), `bill_lapsed`, `bill_withdrawn`.
 * - `struck_down`, `upheld`: a court strikes a provision down or upholds it.
 * - `ruling`: another court decision that changes what the law means in practice
 *   (registration of an organisation, legal gender, an appeal decided on other grounds).
 * - `enforcement_instruction`: a government or prosecution instruction on enforcement.
 */
export const legalChangeKindSchema = z.enum([
  'enacted',
  'in_force',
  'repealed',
  'bill_introduced',
  'bill_relaid',
  'bill_passed',
  'bill_lapsed',
  'bill_withdrawn',
  'struck_down',
  'upheld',
  'ruling',
  'enforcement_instruction',
]);

/** A change of the status of same-sex acts, so the country × year panel can be built from the history. */
const statusChangeSchema = z.strictObject({ from: legalStatusSchema, to: legalStatusSchema });

/**
 * One dated legal change in a country. The history (`changes`) is the one place where
 * dates of change live: the country timeline, the changes page, the Atom feeds, the open
 * data and the country × year panel are all built from it.
 */
export const legalChangeSchema = z.strictObject({
  /** When it happened, to the day, month or year the sources give (see `partialDateSchema`). */
  date: partialDateSchema,
  /** What happened (see `legalChangeKindSchema`); pages label it in the reader's language. */
  kind: legalChangeKindSchema,
  /** One plain-English sentence saying what changed, e.g. "Art. 319 of the Penal Code amended: 5 to 10 years' prison". */
  summary: z.string().min(10).max(300),
  /** The facts fields this change touches. */
  fields: z.array(z.enum(countryFieldNames)).min(1),
  /**
   * The provision changed, cited as the law cites it. For a `bill_*` change, the bill's
   * title exactly as in `expression.pendingBills`, so the bill shows its last known stage.
   */
  provision: provisionSchema.optional(),
  /**
   * Where the status of same-sex acts changed: what it was and what it became. The newest
   * `to` must be the current status and each `from` the `to` of the change before it: the
   * country × year panel undoes these steps year by year.
   */
  status: z.strictObject({ male: statusChangeSchema.optional(), female: statusChangeSchema.optional() }).optional(),
  /** Where the change is documented; an official text or court record first where there is one. */
  sources: z.array(sourceSchema).min(1),
});
export type LegalChange = z.infer<typeof legalChangeSchema>;

/**
 * Facts about one country, language-neutral, in `content/countries/<iso2>.yaml`.
 * Free-text notes are written in plain English; the narratives carry the detail in
 * each language.
 */
export const countrySchema = z
  .strictObject({
    /** ISO 3166-1 alpha-2 code in capitals, e.g. `ML`. Must match the file name. */
    iso2: z.string().regex(/^[A-Z]{2}$/, 'expected two capital letters (ISO 3166-1 alpha-2)'),
    /** Short English name, used in the open data. Pages localise names with `Intl.DisplayNames`. */
    name: z.string().min(2),
    /** African Union region. */
    region: z.enum(['north', 'west', 'central', 'east', 'southern']),
    /** Consensual same-sex sexual acts between adults. */
    sameSexActs: z.strictObject({
      /** Status for acts between men. */
      male: legalStatusSchema,
      /** Status for acts between women. */
      female: legalStatusSchema,
      maxPenalty: maxPenaltySchema,
      /** Year the current criminalising provision was adopted, where it applies. */
      since: yearSchema.nullable().default(null),
      /** Year acts were decriminalised, where they were. */
      decriminalised: yearSchema.nullable().default(null),
      /** The provisions themselves (criminalising, or the ones struck down). */
      laws: z.array(provisionSchema).default([]),
      /** Anything a reader must know that the statuses cannot say (sub-national Sharia law, pending appeals). */
      note: z.string().optional(),
    }),
    /** Offences of cross-dressing, "impersonation" or similar used against gender expression. */
    genderExpression: z.enum(['criminalised', 'legal', 'unclear']),
    /** Whether a person can change their legal gender: `none`, `restrictive` (surgery, court, diagnosis), `available`. */
    genderRecognition: z.enum(['none', 'restrictive', 'available', 'unclear']),
    /** Protection from discrimination on sexual orientation or gender identity. */
    protections: z.strictObject({
      /** The constitution names sexual orientation (or is read by courts to cover it). */
      constitution: protectionLevelSchema,
      /** Employment law forbids discrimination. */
      employment: protectionLevelSchema,
      /** Hate crimes on these grounds are an aggravating circumstance or an offence. */
      hateCrime: protectionLevelSchema,
    }),
    /** Limits on speech and association about sexual orientation and gender identity. */
    expression: z.strictObject({
      /** A law bans "promotion" or "propaganda" of homosexuality. `limited`: a narrow or sub-national ban. */
      promotionBan: protectionLevelSchema,
      /** LGBTI organisations are refused registration or have been dissolved. */
      ngoRegistrationBarriers: protectionLevelSchema,
      /** Bills that would change the above, with their status as of `lastReviewed`. */
      pendingBills: z
        .array(
          z.strictObject({
            title: z.string().min(3),
            /** Where the bill stands, e.g. "passed by parliament, not assented", "lapsed". */
            status: z.string().min(3),
            year: yearSchema.optional(),
          }),
        )
        .default([]),
    }),
    /** Laws on NGOs, foreign funding, cybercrime or public order used against defenders. */
    civicSpace: z
      .array(
        z.strictObject({
          title: z.string().min(3),
          year: yearSchema.optional(),
          kind: z.enum(['ngo', 'foreign-funding', 'cybercrime', 'public-order', 'counter-terrorism', 'media', 'other']),
          /** One sentence on how it is used against defenders. */
          note: z.string().min(3),
        }),
      )
      .default([]),
    /** Legal protection of human rights defenders. */
    defenders: z.strictObject({
      /** A national law specifically protecting defenders, or `null` where there is none. */
      law: z
        .strictObject({
          title: z.string().min(3),
          /** The law's official number, e.g. `2018-003`. Omit rather than guess. */
          number: z.string().optional(),
          year: yearSchema,
        })
        .nullable(),
      /** A national protection mechanism, if one works in practice. */
      mechanism: z.string().nullable().default(null),
      /** Sub-national laws or edicts (e.g. provincial HRD edicts). */
      subnational: z.array(z.string()).default([]),
    }),
    /** Engagement of UN mechanisms on sexual orientation and gender identity. */
    unMechanisms: z
      .array(
        z.strictObject({
          kind: z.enum(['ie-sogi-visit', 'upr-recommendation', 'communication', 'other']),
          year: yearSchema,
          note: z.string().min(3),
        }),
      )
      .default([]),
    /** Where the facts come from. At least two must cover `sameSexActs`. */
    sources: z
      .array(
        z.strictObject({
          ...sourceSchema.shape,
          /** Which top-level fields this source supports. */
          covers: z.array(z.enum(countryFieldNames)).min(1),
        }),
      )
      .min(2),
    /**
     * Dated legal changes, oldest first; pages and feeds sort them newest first by date,
     * and the file's order places entries whose dates cannot be told apart ("2025" and "2025-01").
     */
    changes: z.array(legalChangeSchema).default([]),
    /** Day an editor last checked every fact here. Pages older than 12 months say so. */
    lastReviewed: isoDateSchema,
    /** How sure the editors are. Below `high`, `uncertainties` must say why. */
    confidence: confidenceSchema,
    /** Each doubt in one sentence: conflicting sources, a bill not yet in force, an appeal pending. */
    uncertainties: z.array(z.string().min(3)).default([]),
  })
  .superRefine((country, ctx) => {
    const criminalisationSources = country.sources.filter((s) => s.covers.includes('sameSexActs'));
    if (criminalisationSources.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['sources'],
        message: `at least two sources must cover sameSexActs (found ${criminalisationSources.length})`,
      });
    }
    if (country.confidence !== 'high' && country.uncertainties.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['uncertainties'],
        message: `confidence is ${country.confidence}: say why in uncertainties`,
      });
    }
    const { male, female, maxPenalty } = country.sameSexActs;
    if (maxPenalty.kind === 'prison' && maxPenalty.years === undefined) {
      ctx.addIssue({ code: 'custom', path: ['sameSexActs', 'maxPenalty', 'years'], message: 'a prison penalty needs years' });
    }
    if (male === 'legal' && female === 'legal' && maxPenalty.kind !== 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['sameSexActs', 'maxPenalty', 'kind'],
        message: 'acts are legal for men and women, so the penalty kind must be none',
      });
    }
    for (const problem of statusHistoryProblems(country)) ctx.addIssue({ code: 'custom', ...problem });
  });

export type Country = z.infer<typeof countrySchema>;
export type LegalStatus = z.infer<typeof legalStatusSchema>;

/**
 * Front matter of a country narrative, `content/countries/<iso2>/<lang>.mdx`.
 * The body has four sections: what the law says, how it is enforced, what it means
 * for a defender's safety, where to get help.
 */
export const countryNarrativeSchema = z.strictObject({
  /** One or two sentences that open the page and appear in search results. */
  summary: z.string().min(20).max(400),
  /** Set when this narrative is a translation; see `translationSchema`. */
  translation: translationSchema.optional(),
});
