import type { APIRoute } from 'astro';
import { getCountries } from '../../catalogue/countries.ts';
import { changesOpenData } from '../../countries/history-data.ts';

export const GET: APIRoute = async () => {
  const countries = (await getCountries('en')).map((c) => c.data);
  return new Response(JSON.stringify(changesOpenData(countries), null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
