// Ngao's offline worker, registered only after a reader chooses "keep this page offline".
// Network first, so an online reader always gets the current page; when the network
// fails, it answers from the pages that reader saved, and from nothing else. It fetches
// nothing by itself and talks to no other origin. Plain JavaScript: the browser loads
// this file as it is, outside the build.
const OFFLINE_CACHE = 'ngao-offline';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).catch(async () => {
      const cache = await caches.open(OFFLINE_CACHE);
      return (await cache.match(request, { ignoreSearch: true })) ?? Response.error();
    }),
  );
});
