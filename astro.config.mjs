// @ts-check
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
import { siteConfig } from './src/config/site.ts';
import { internalLinksIntegration } from './src/integrations/internal-links.ts';
import { pagePolicyIntegration } from './src/integrations/page-csp.ts';
import { pagefindIntegration } from './src/integrations/pagefind.ts';
import { recipientKeysIntegration } from './src/integrations/recipient-keys.ts';
import { releaseManifestIntegration } from './src/integrations/release-manifest.ts';
import { subresourceIntegrityIntegration } from './src/integrations/subresource-integrity.ts';

const relayOrigin = siteConfig.relayUrl.startsWith('https://') ? [new URL(siteConfig.relayUrl).origin] : [];

export default defineConfig({
  site: siteConfig.siteUrl,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  i18n: {
    defaultLocale: siteConfig.locales[0] ?? 'en',
    locales: [...siteConfig.locales],
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  // Order matters at the end of the build: keys are published before links are checked;
  // page policies are narrowed before Pagefind reads the pages; integrity is added after
  // Pagefind writes the script the search page imports; the manifest comes last, so it
  // lists every file in its final form.
  integrations: [
    mdx(),
    recipientKeysIntegration({ folder: siteConfig.recipientKeysDir }),
    internalLinksIntegration(),
    pagePolicyIntegration(),
    pagefindIntegration(),
    subresourceIntegrityIntegration(),
    releaseManifestIntegration(),
  ],
  security: {
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        /** @type {`connect-src${string}`} */ (`connect-src 'self' ${relayOrigin.join(' ')}`.trim()),
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "worker-src 'self'",
      ],
      // Pagefind compiles its search engine from WebAssembly.
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
    },
  },
});
