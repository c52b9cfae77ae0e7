/**
 * Atom 1.0 feeds of legal change (RFC 4287), written by the `feed` library. Every date
 * in a feed comes from the content (see `changeUpdated`), never from the clock, and
 * every id is a URL built from the change's stable id, so two builds of the same content
 * give the same bytes and a feed reader never sees an entry twice.
 */
import { Feed } from 'feed';
import { changeUpdated, dateStart, type CountryChange } from './history.ts';
import { countryName, formatPartialDate, localizedPath, type Locale, type Translate } from '../i18n/index.ts';

export interface ChangeFeedOptions {
  locale: Locale;
  t: Translate;
  /** The site's public URL, e.g. `https://ngao.example.org`. */
  siteUrl: string;
  /** The feed's own path, e.g. `/en/changes/feed.xml`. */
  feedPath: string;
  /** The page the feed follows, e.g. `/en/changes/`. */
  pagePath: string;
  title: string;
  /** Who publishes it: the organisation's name (Atom requires an author). */
  author: string;
  /** Newest first, as `allChanges` returns them. */
  changes: CountryChange[];
  /** When the feed has no entries, its `updated`: the content's own date (a country's `lastReviewed`). */
  emptyUpdated: string;
}

export function changeFeed(options: ChangeFeedOptions): string {
  const { locale, t, siteUrl, changes } = options;
  const url = (path: string) => new URL(path, siteUrl).href;
  const updated = changes.length > 0 ? new Date(Math.max(...changes.map((c) => changeUpdated(c.change).getTime()))) : dateStart(options.emptyUpdated);
  const feed = new Feed({
    id: url(options.feedPath),
    title: options.title,
    link: url(options.pagePath),
    feedLinks: { atom: url(options.feedPath) },
    language: locale,
    updated,
    author: { name: options.author },
    copyright: 'CC-BY-4.0',
    generator: false,
  });
  for (const { iso2, change, id } of changes) {
    const link = url(`${localizedPath(locale, `/countries/${iso2.toLowerCase()}/`)}#${id}`);
    feed.addItem({
      id: link,
      link,
      title: t('changes.entryTitle', { country: countryName(locale, iso2), kind: t(`change.${change.kind}`), date: formatPartialDate(locale, change.date) }),
      description: change.summary,
      date: changeUpdated(change),
      published: dateStart(change.date),
    });
  }
  return feed.atom1();
}
