import type { APIRoute } from 'astro';
import { getCountries } from '../../catalogue/countries.ts';
import { panelCsv } from '../../countries/history-data.ts';

export const GET: APIRoute = async () => {
  const countries = (await getCountries('en')).map((c) => c.data);
  return new Response(panelCsv(countries), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
