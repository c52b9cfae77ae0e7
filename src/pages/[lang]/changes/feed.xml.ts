import type { APIRoute } from 'astro';
import { getCountries } from '../../../catalogue/countries.ts';
import { allChanges } from '../../../countries/history.ts';
import { changeFeed } from '../../../countries/change-feed.ts';
import { siteConfig } from '../../../config/site.ts';
import { localizedPath, useTranslations, type Locale } from '../../../i18n/index.ts';
import { localeStaticPaths } from '../../../config/static-paths.ts';

export const getStaticPaths = localeStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { locale } = props as { locale: Locale };
  const t = useTranslations(locale);
  const countries = (await getCountries('en')).map((c) => c.data);
  const body = changeFeed({
    locale, t, siteUrl: siteConfig.siteUrl, author: siteConfig.organisation.name,
    feedPath: localizedPath(locale, '/changes/feed.xml'), pagePath: localizedPath(locale, '/changes/'),
    title: `${t('changes.feedTitle')} · ${siteConfig.organisation.name}`,
    changes: allChanges(countries),
    emptyUpdated: countries.map((c) => c.lastReviewed).sort().at(-1) ?? '2026-01-01',
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
