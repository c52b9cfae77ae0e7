import { z } from 'astro/zod';
import { localeSchema } from './common.ts';

/**
 * The organisation's site configuration, `content/site.yaml`. An organisation that
 * deploys Ngao edits this file, its content and its key; nothing in `src/` needs to change.
 */
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
   * How often, in months, every record must be checked again. Pages whose `lastReviewed`
   * is older tell the reader so, and `npm run review` lists what is due: countries,
   * guides and pages (`lastReviewed`), programmes (`lastVerified`), sources (`accessed`),
   * pending bills, and translations older than their English source.
   */
  reviewPeriod: z.number().int().min(1).max(60).default(12),
  /** Largest total size of attachments on one submission, in bytes. */
  maxAttachmentBytes: z.number().int().positive().max(200 * 1024 * 1024).default(25 * 1024 * 1024),
});
export type SiteConfig = z.infer<typeof siteConfigSchema>;
