/**
 * The HTTP security headers every Ngao response carries: the one list that the relay
 * applies and that `docs/deployment.md` copies into the nginx example.
 *
 * The page-specific Content-Security-Policy (script and style hashes) is emitted by
 * Astro as a <meta> element in each page. Directives that a <meta> policy cannot carry
 * (`frame-ancestors`) or that must hold even for non-HTML responses go in the header
 * policy below. Browsers enforce both policies, so a resource must satisfy each.
 */
export const headerPolicy = [
  // No script-src or style-src here: the page's <meta> policy allows its own inline
  // scripts by hash, and a header restriction would intersect with it and block them.
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': headerPolicy,
  'Referrer-Policy': 'no-referrer',
  // Browsers ignore it over plain HTTP (local runs); over HTTPS it stops a network attacker
  // from stripping TLS on a later visit. Add `preload` once the domain is submitted to
  // the browsers' preload list (docs/deployment.md).
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Scripts without Subresource Integrity are refused (Chromium 138+, Firefox 145+): every
  // script the build emits is pinned by an integrity attribute or the page's import map
  // (release/subresource-integrity.ts), so a swapped file on the server cannot run.
  // Stylesheets stay out: the site's styles are inline (allowed by CSP hashes), so there
  // is no stylesheet request to pin, and the Chromium implementation read for this lists only the script destination.
  'Integrity-Policy': 'blocked-destinations=(script)',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()',
};

/** Pages and API responses that may hold or reveal what a person is writing are never cached. */
export const noStoreHeaders: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
};
