// Loaded only when a reader chooses to keep pages offline (never before): stores the
// pages and the files they need in Cache Storage and registers the worker that answers
// from it when the network is gone. Nothing here runs without that choice.

/** The one cache Ngao writes; `public/offline-worker.js` reads the same name. */
export const OFFLINE_CACHE = 'ngao-offline';

/** Same-origin paths of the stylesheets, scripts and icons a page loads. */
function assetsOf(html: string, base: string): string[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return [...doc.querySelectorAll<HTMLElement>('link[rel~="stylesheet"][href], link[rel~="icon"][href], script[src]')]
    .map((element) => new URL(element.getAttribute('href') ?? element.getAttribute('src')!, base))
    .filter((url) => url.origin === location.origin)
    .map((url) => url.pathname);
}

/** Saves `pages` (paths on this site) with their assets, then registers the offline worker. */
export async function keepForOffline(pages: readonly string[]): Promise<void> {
  const urls = new Set<string>();
  for (const page of pages) {
    const response = await fetch(page, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`keepForOffline: ${page} answered ${response.status}`);
    urls.add(page);
    for (const asset of assetsOf(await response.text(), new URL(page, location.href).href)) urls.add(asset);
  }
  const cache = await caches.open(OFFLINE_CACHE);
  await cache.addAll([...urls]);
  await navigator.serviceWorker.register('/offline-worker.js', { scope: '/' });
  await navigator.serviceWorker.ready;
}
