// The translated labels of the plaintext summary that goes inside each encrypted
// submission, one file per locale. The form fetches them when it seals a testimony, beside
// the recipient keys it fetches then anyway: carried in the page they cost every visitor
// half a kilobyte of the submit page's 14 KB before anyone has typed a word.
import type { APIRoute } from 'astro';
import { localeStaticPaths } from '../../../config/static-paths.ts';
import { useTranslations, type Locale } from '../../../i18n/index.ts';
import { summaryLabels } from '../../../submission/record/summary-labels.ts';

export const getStaticPaths = localeStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const labels = summaryLabels(useTranslations((props as { locale: Locale }).locale));
  return new Response(JSON.stringify(labels), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
