/**
 * Search on our own small UI over Pagefind's JS API. Pagefind (and its WebAssembly) is
 * fetched only here, on the search page, and as soon as the page runs: whoever opens it
 * has come to search, and the engine is ready while they type. Pagefind picks the index
 * of the page's `<html lang>`, so French readers search French pages.
 */
import { takeHandedQuery } from './search-handoff.ts';

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
interface Pagefind {
  options(options: { noWorker?: boolean }): Promise<void>;
  init(): Promise<void>;
  preload(query: string): Promise<void>;
  search(query: string, options?: { filters?: Record<string, string> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

/**
 * Results shown at a time; "More results" adds as many again. Each result shown is one
 * more file to fetch before anything can be shown, and a phone's screen holds fewer.
 */
const RESULTS_PER_PAGE = 5;
let pagefind: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  if (!pagefind) {
    // The path is built at run time so the bundler leaves the import to the browser.
    const url = ['', 'pagefind', 'pagefind.js'].join('/');
    pagefind = import(/* @vite-ignore */ url).then(async (module: Pagefind) => {
      // On the main thread: one language's index is small enough that a search takes a
      // few milliseconds, while Pagefind's worker costs a second copy of its script to
      // fetch and compile, and a message round trip for every result's data.
      await module.options({ noWorker: true });
      await module.init();
      // Pagefind (1.6) splits every query with Intl.Segmenter, and the first Segmenter a
      // page makes loads the browser's segmentation data (13–23 ms on the bench machine),
      // which the first search would wait for. Made here, it loads while Pagefind's
      // files are still on their way.
      new Intl.Segmenter(document.documentElement.lang, { granularity: 'grapheme' });
      return module;
    });
    // Not kept when it failed (a dropped connection, say): the next search tries again.
    pagefind.catch(() => (pagefind = undefined));
  }
  return pagefind;
}

/** Copies Pagefind's excerpt as text, keeping only its <mark> highlights: no other markup reaches the page. */
function excerptNodes(excerpt: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, 'text/html').body.firstChild!;
  return [...parsed.childNodes].map((node) => {
    if (node.nodeName === 'MARK') {
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent ?? '');
  });
}

type SearchResult = Awaited<ReturnType<Pagefind['search']>>['results'][number];

/** The page's search elements; a missing one is an error that names what was expected. */
function searchElements() {
  const form = document.querySelector<HTMLFormElement>('[data-search]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const list = document.querySelector<HTMLOListElement>('[data-search-results]');
  const more = document.querySelector<HTMLButtonElement>('[data-search-more]');
  if (!form || !status || !list || !more) throw new Error('SearchResults: expected [data-search], [data-search-status], [data-search-results] and [data-search-more]');
  return { form, status, list, more };
}

/** One result as the list shows it: its title as a link, its kind, and the excerpt with the matches marked. */
function resultItem(result: Awaited<ReturnType<SearchResult['data']>>, labels: Record<string, string>): HTMLLIElement {
  const item = document.createElement('li');
  const heading = document.createElement('h2');
  const link = document.createElement('a');
  link.href = result.url;
  link.textContent = result.meta.title ?? result.url;
  heading.append(link);
  const kind = result.filters.type?.[0];
  const tag = document.createElement('p');
  tag.className = 'meta';
  tag.textContent = kind ? (labels[kind] ?? '') : '';
  const excerpt = document.createElement('p');
  excerpt.append(...excerptNodes(result.excerpt));
  item.append(heading, tag, excerpt);
  return item;
}

export function enableSearchPage(): void {
  const { form, status, list, more } = searchElements();
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const labels = JSON.parse(form.dataset.labels ?? '{}') as Record<string, string>;
  const params = new URLSearchParams(location.search);
  input.value = takeHandedQuery() ?? params.get('q') ?? '';
  // A query that came in the address (a link, a form without our script) leaves it, so
  // at least the session-restore files do not keep it (search-handoff.ts).
  if (params.has('q')) history.replaceState(history.state, '', location.pathname);
  const initialType = params.get('type') ?? '';
  form.querySelectorAll<HTMLInputElement>('input[name="type"]').forEach((radio) => (radio.checked = radio.value === initialType));
  let latest = 0;
  /** The current search's results, and how many of them the list shows. */
  let results: SearchResult[] = [];
  let shown = 0;

  /** Fetches the next page of results and adds it to the list; returns the first new item. */
  const showNextPage = async (run: number): Promise<HTMLLIElement | undefined> => {
    const data = await Promise.all(results.slice(shown, shown + RESULTS_PER_PAGE).map((r) => r.data()));
    if (run !== latest) return undefined;
    const items = data.map((result) => resultItem(result, labels));
    list.append(...items);
    shown += items.length;
    more.hidden = shown >= results.length;
    return items[0];
  };

  const run = async () => {
    const query = input.value.trim();
    const type = new FormData(form).get('type')?.toString() ?? '';
    // The query stays in memory: written into the address it would sit in the history.
    list.replaceChildren();
    more.hidden = true;
    results = [];
    shown = 0;
    if (!query) {
      status.textContent = '';
      return;
    }
    const run = ++latest;
    status.textContent = form.dataset.loading ?? '';
    try {
      const engine = await loadPagefind();
      const search = await engine.search(query, type ? { filters: { type } } : {});
      if (run !== latest) return;
      results = search.results;
      await showNextPage(run);
      if (run !== latest) return;
      const template = results.length ? form.dataset.results : form.dataset.none;
      status.textContent = (template ?? '').replace('{count}', String(results.length)).replace('{query}', query);
    } catch {
      if (run === latest) status.textContent = form.dataset.failed ?? '';
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name === 'type') void run();
  });
  more.addEventListener('click', async () => {
    const run = latest;
    more.disabled = true;
    try {
      // Keyboard and screen reader users carry on from the first result added, not from
      // the button, which has moved below them.
      (await showNextPage(run))?.querySelector('a')?.focus();
    } catch {
      if (run === latest) status.textContent = form.dataset.failed ?? '';
    } finally {
      more.disabled = false;
    }
  });
  // Fetches the index chunks of the words typed so far, so that Enter finds them loaded.
  input.addEventListener('input', () => {
    const query = input.value.trim();
    if (query) void loadPagefind().then((engine) => engine.preload(query)).catch(() => undefined);
  });
  if (input.value) void run();
  else void loadPagefind().catch(() => undefined);
}
