// Wires the offline-reading control when a page has one. It runs inside the same inline
// script as quick exit (see QuickExit.astro): both use `forgetSavedPages`, and a second
// page script would make the bundler move it into a fetched chunk, over the reading-page
// JavaScript budget. Saving itself is done by `public/offline-worker.js`, which the
// browser fetches only when the reader taps "keep"; before that tap nothing is stored.
import { forgetSavedPages } from './forget-saved-pages.ts';

/** Registers the worker and asks it to save `pages`; resolves when they are stored. */
async function keepForOffline(pages: readonly string[]): Promise<void> {
  await navigator.serviceWorker.register('/offline-worker.js', { scope: '/' });
  const registration = await navigator.serviceWorker.ready;
  const channel = new MessageChannel();
  const answer = new Promise<void>((resolve, reject) => {
    channel.port1.onmessage = (event) => (event.data?.kept ? resolve() : reject(new Error(String(event.data?.error))));
  });
  registration.active!.postMessage({ type: 'keep', pages }, [channel.port2]);
  await answer;
}

/** Shows the control (it needs script) and handles its two buttons. No-op on pages without it. */
export function enableOfflineControl(): void {
  const root = document.querySelector<HTMLElement>('[data-offline-control]');
  if (!root || !('serviceWorker' in navigator) || !('caches' in window)) return;
  root.hidden = false;
  const status = root.querySelector<HTMLElement>('[data-offline-status]')!;
  root.addEventListener('click', async (event) => {
    const action = (event.target as HTMLElement).closest('button')?.dataset.offlineAction;
    if (!action) return;
    try {
      if (action === 'keep') await keepForOffline([...new Set([location.pathname, root.dataset.help!])]);
      else await forgetSavedPages();
      status.textContent = action === 'keep' ? root.dataset.kept! : root.dataset.forgotten!;
    } catch {
      status.textContent = root.dataset.failed!;
    }
  });
}
