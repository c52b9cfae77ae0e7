/**
 * Search on our own small UI over Pagefind's JS API. Pagefind (and its WebAssembly) is
 * fetched only here, on the search page, once there is something to search. Pagefind
 * picks the index of the page's `<html lang>`, so French readers search French pages.
 */
interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  filters: Record<string, string[]>;
}
interface Pagefind {
  init(): Promise<void>;
  search(query: string, options?: { filters?: Record<string, string> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
}

const MAX_RESULTS = 10;
let pagefind: Promise<Pagefind> | undefined;

function loadPagefind(): Promise<Pagefind> {
  // The path is built at run time so the bundler leaves the import to the browser.
  const url = ['', 'pagefind', 'pagefind.js'].join('/');
  pagefind ??= import(/* @vite-ignore */ url).then(async (module: Pagefind) => {
    await module.init();
    return module;
  });
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

export function enableSearchPage(): void {
  const form = document.querySelector<HTMLFormElement>('[data-search]');
  const status = document.querySelector<HTMLElement>('[data-search-status]');
  const list = document.querySelector<HTMLOListElement>('[data-search-results]');
  if (!form || !status || !list) throw new Error('SearchResults: expected [data-search], [data-search-status] and [data-search-results]');
  const input = form.querySelector<HTMLInputElement>('input[name="q"]')!;
  const labels = JSON.parse(form.dataset.labels ?? '{}') as Record<string, string>;
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') ?? '';
  const initialType = params.get('type') ?? '';
  form.querySelectorAll<HTMLInputElement>('input[name="type"]').forEach((radio) => (radio.checked = radio.value === initialType));
  let latest = 0;

  const run = async () => {
    const query = input.value.trim();
    const type = new FormData(form).get('type')?.toString() ?? '';
    // The query stays in memory: written into the address it would sit in the history.
    list.replaceChildren();
    if (!query) {
      status.textContent = '';
      return;
    }
    const run = ++latest;
    status.textContent = form.dataset.loading ?? '';
    try {
      const engine = await loadPagefind();
      const search = await engine.search(query, type ? { filters: { type } } : {});
      const data = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (run !== latest) return;
      for (const result of data) {
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
        list.append(item);
      }
      const template = data.length ? form.dataset.results : form.dataset.none;
      status.textContent = (template ?? '').replace('{count}', String(search.results.length)).replace('{query}', query);
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
  input.addEventListener('focus', () => void loadPagefind().catch(() => undefined), { once: true });
  if (input.value) void run();
}
