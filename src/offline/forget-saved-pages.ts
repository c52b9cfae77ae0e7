// Removes every trace the offline-reading choice left on this device: the service worker
// and all of this origin's Cache Storage (Ngao stores nothing else there). Shared by the
// "remove everything saved" button and quick exit. Imports nothing, so quick exit's
// script stays a single small inline block.

/** Unregisters this origin's service workers and deletes its caches; resolves when done. */
export async function forgetSavedPages(): Promise<void> {
  const registrations = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistrations() : [];
  await Promise.all(registrations.map((registration) => registration.unregister()));
  if ('caches' in window) await Promise.all((await caches.keys()).map((key) => caches.delete(key)));
}
