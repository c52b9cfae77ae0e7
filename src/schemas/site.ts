import { z } from 'astro/zod';
import { localeSchema } from './common.ts';

/**
 * The organisation's site configuration, `content/site.yaml`. An organisation that
 * deploys Ngao edits this file, its content and its key; nothing in `src/` needs to change.
 */
/** The kinds of content written once per language: country narratives, guides, standing pages. */
export const contentKindSchema = z.enum(['countries', 'guides', 'pages']);
export type ContentKind = z.infer<typeof contentKindSchema>;

/** Which documents of one kind a partial locale has: `all`, or the slugs (folder names) it has. */
const coveredSlugsSchema = z.union([z.literal('all'), z.array(z.string().min(1))]);

/**
 * A locale that deliberately has only part of the content, e.g. a new language that
 * starts with the help page, the safety page and the emergency guides. Its other pages
 * fall back to another language with a notice, and the language-coverage test accepts
 * them as absent for the reason given, instead of failing.
 */
export const partialLocaleSchema = z.strictObject({
  /**
   * What it covers, per kind. A kind left out covers nothing; `all` covers every document
   * of that kind (and a missing one is then an error again).
   */
  covers: z.strictObject({
    /** Country narratives (`content/countries/<iso2>/`), by lower-case ISO code. */
    countries: coveredSlugsSchema.optional(),
    /** Guides (`content/guides/<slug>/`). */
    guides: coveredSlugsSchema.optional(),
    /** Standing pages (`content/pages/<slug>/`), e.g. `help`, `safety`. */
    pages: coveredSlugsSchema.optional(),
  }),
  /** Why the rest is absent, in a sentence for the editors, e.g. "first wave: emergency content only". */
  reason: z.string().min(10, 'expected a sentence saying why the rest is not translated'),
});
export type PartialLocale = z.infer<typeof partialLocaleSchema>;

export const siteConfigSchema = z.strictObject({
  /** The organisation that runs this deployment and reads the testimonies. */
  organisation: z.strictObject({
    /** Its name as readers know it; shown in the header, the footer and on the form. */
    name: z.string().min(2),
    /** Public contact channels shown in every page's footer. Never a private person's details. */
    contact: z
      .array(
        z.strictObject({
          /** What kind of channel it is; the footer labels it in the page's language. */
          kind: z.enum(['email', 'website', 'phone', 'signal']),
          /** The address, URL or number exactly as it should be shown. */
          value: z.string().min(3),
        }),
      )
      .default([]),
  }),
  /** Public URL of the site, used for canonical links and `hreflang` alternates, e.g. `https://ngao.example.org`. */
  siteUrl: z.url({ protocol: /^https?$/ }),
  /** Interface languages, in the order the language switcher lists them. The first is the default. */
  locales: z.array(localeSchema).min(1),
  /**
   * Locales that cover only part of the content on purpose, keyed by code, with what they
   * cover and why. Every locale not named here must have every country narrative, guide
   * and standing page (checked by the language-coverage test). The first locale cannot be
   * partial: it is the fallback.
   */
  partialLocales: z.partialRecord(localeSchema, partialLocaleSchema).default({}),
  /**
   * Where the quick-exit control sends the reader: a busy, neutral public site. The link
   * is only followed when pressed; nothing is loaded from it before.
   */
  quickExitUrl: z.url({ protocol: /^https$/, error: 'expected an https:// URL of a neutral site' }),
  /** Where the form posts ciphertext. A path on this site (the bundled relay) or an absolute URL. */
  relayUrl: z.string().regex(/^(\/|https:\/\/)/, 'expected a path starting with / or an https:// URL'),
  /** Whether the relay offers the no-JavaScript fallback form (encrypted on the server, weaker). */
  noJsFallback: z.boolean().default(true),
  /** Folder holding the recipients' public keys (`*.asc`), relative to the project root. */
  recipientKeys: z.string().min(1),
  /**
   * The OpenPGP key that signs each release's integrity manifest (`npm run sign-release`,
   * docs/verify.md). Its private half never lives on the web server; the public half is
   * published at `/.well-known/ngao/release-key.asc` and its fingerprint is shown on the
   * form, so that anyone can check the site against a signed release. Without it the
   * site builds, but says on the form that it cannot be checked.
   */
  releaseSigningKey: z
    .strictObject({
      /** The key's full fingerprint (40 hex digits for v4, 64 for v6); spaces allowed. The build refuses a key file with another fingerprint. */
      fingerprint: z
        .string()
        .transform((value) => value.replace(/\s+/g, '').toUpperCase())
        .pipe(z.string().regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/, 'expected the full fingerprint: 40 hex digits (v4 key) or 64 (v6)')),
      /** The public key (`gpg --armor --export <fingerprint>`), relative to the project root. Never the private key. */
      publicKey: z.string().min(1),
    })
    .optional(),
  /**
   * How often, in months, every record must be checked again. Pages whose `lastReviewed`
   * is older tell the reader so, and `npm run review` lists what is due: countries,
   * guides and pages (`lastReviewed`), programmes (`lastVerified`), sources (`accessed`),
   * pending bills, and translations older than their English source.
   */
  reviewPeriod: z.number().int().min(1).max(60).default(12),
  /** Largest total size of attachments on one submission, in bytes. */
  maxAttachmentBytes: z.number().int().positive().max(200 * 1024 * 1024).default(25 * 1024 * 1024),
}).refine((config) => !(config.locales[0]! in config.partialLocales), {
  path: ['partialLocales'],
  error: 'the first locale is the fallback of every other one and cannot be partial',
});
export type SiteConfig = z.infer<typeof siteConfigSchema>;
