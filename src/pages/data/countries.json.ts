import type { APIRoute } from 'astro';
import { getBuildDate } from '../../catalogue/build-date.ts';
import { getCountries } from '../../catalogue/countries.ts';
import { countriesOpenData } from '../../countries/open-data.ts';

export const GET: APIRoute = async () => {
  const countries = (await getCountries('en')).map((c) => c.data);
  return new Response(JSON.stringify(countriesOpenData(countries, await getBuildDate()), null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
