import type { APIRoute } from 'astro';
import { getCountries } from '../../../../catalogue/countries.ts';
import { allChanges } from '../../../../countries/history.ts';
import { changeFeed } from '../../../../countries/change-feed.ts';
import { siteConfig } from '../../../../config/site.ts';
import { countryName, localizedPath, useTranslations, type Locale } from '../../../../i18n/index.ts';
import type { Country } from '../../../../schemas/country.ts';

export async function getStaticPaths() {
  const countries = await getCountries('en');
  return siteConfig.locales.flatMap((locale) => countries.map((country) => ({ params: { lang: locale, iso2: country.id }, props: { locale, country: country.data } })));
}

export const GET: APIRoute = ({ props }) => {
  const { locale, country } = props as { locale: Locale; country: Country };
  const t = useTranslations(locale);
  const page = localizedPath(locale, `/countries/${country.iso2.toLowerCase()}/`);
  const body = changeFeed({
    locale, t, siteUrl: siteConfig.siteUrl, author: siteConfig.organisation.name,
    feedPath: `${page}feed.xml`, pagePath: page,
    title: `${t('changes.countryFeedTitle', { country: countryName(locale, country.iso2) })} · ${siteConfig.organisation.name}`,
    changes: allChanges([country]),
    emptyUpdated: country.lastReviewed,
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
