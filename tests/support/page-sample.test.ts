import { describe, expect, it } from 'vitest';
import { pagesToVisit } from './page-sample.ts';

const locales = ['en', 'fr', 'pt', 'ar', 'sw'];
const countries = Array.from({ length: 54 }, (_, i) => `c${String(i).padStart(2, '0')}`);
const pages = [
  '/',
  '/404.html',
  ...locales.flatMap((l) => [`/${l}/`, `/${l}/help/`, `/${l}/countries/`, ...countries.map((c) => `/${l}/countries/${c}/`), `/${l}/guides/a/`, `/${l}/guides/b/`]),
];
const visit = pagesToVisit(pages, { fullLocales: ['en', 'ar'], locales, share: 3 });

describe('pages the browser checks visit', () => {
  it('visits every page of the full locales and every page of its own everywhere', () => {
    for (const path of pages.filter((p) => /^\/(en|ar)\//.test(p) || !/countries\/c|guides\//.test(p))) expect(visit).toContain(path);
  });

  it('visits each repeated page in some locale, and a share of them in each sampled locale', () => {
    for (const c of countries) expect(visit.some((p) => /^\/(fr|pt|sw)\//.test(p) && p.endsWith(`/countries/${c}/`)), c).toBe(true);
    for (const l of ['fr', 'pt', 'sw']) expect(visit.filter((p) => p.startsWith(`/${l}/countries/c`))).toHaveLength(18);
  });

  it('visits a template with no more items than the share in every locale', () => {
    for (const l of locales) expect(visit).toEqual(expect.arrayContaining([`/${l}/guides/a/`, `/${l}/guides/b/`]));
  });

  it('visits far fewer pages than it was given', () => {
    expect(visit.length).toBeLessThan(pages.length * 0.7);
  });
});
