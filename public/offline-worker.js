// Ngao's offline worker. The browser fetches it only when a reader taps "keep this page
// offline" (src/offline/offline-control.ts); nothing is stored before. On that message it
// saves the pages and the stylesheets, scripts and icons they load, all first-party.
// Network first, so an online reader always gets the current page; when the network
// fails, it answers from the saved pages and nothing else. It talks to no other origin.
// Plain JavaScript: the browser loads this file as it is, outside the build.
const OFFLINE_CACHE = 'ngao-offline';
const ASSET = /<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"/g;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** Same-origin paths of the files a page's HTML loads (our own, predictable markup). */
function assetsOf(html, base) {
  return [...html.matchAll(ASSET)]
    .map((match) => new URL(match[1].replaceAll('&amp;', '&'), base))
    .filter((url) => url.origin === self.location.origin && /\.(css|js|svg|png|ico|webmanifest)$/.test(url.pathname))
    .map((url) => url.pathname);
}

async function keep(pages) {
  const urls = new Set();
  for (const page of pages) {
    const response = await fetch(page, { cache: 'no-cache' });
    if (!response.ok) throw new Error(`offline-worker: ${page} answered ${response.status}`);
    urls.add(page);
    for (const asset of assetsOf(await response.text(), new URL(page, self.location.origin).href)) urls.add(asset);
  }
  await (await caches.open(OFFLINE_CACHE)).addAll([...urls]);
}

self.addEventListener('message', (event) => {
  const { type, pages } = event.data ?? {};
  const port = event.ports[0];
  if (type !== 'keep' || !Array.isArray(pages) || !port) return;
  const paths = pages.filter((p) => typeof p === 'string' && p.startsWith('/') && !p.startsWith('//'));
  event.waitUntil(keep(paths).then(() => port.postMessage({ kept: true }), (error) => port.postMessage({ error: String(error) })));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).catch(async () => (await (await caches.open(OFFLINE_CACHE)).match(request, { ignoreSearch: true })) ?? Response.error()),
  );
});
