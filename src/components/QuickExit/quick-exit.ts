import { forgetSavedPages } from '../../offline/forget-saved-pages.ts';

const PRESSES_NEEDED = 3;
/** Longest wait for removing saved pages before leaving anyway. */
const FORGET_MS = 500;
const WINDOW_MS = 5000;

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`QuickExit: expected an element matching ${selector}`);
  return element;
}

/** Wires the quick-exit link: click or Shift pressed three times within five seconds. */
export function enableQuickExit(): void {
  const root = required<HTMLElement>(document, '[data-quick-exit]');
  const link = required<HTMLAnchorElement>(root, '[data-quick-exit-button]');
  const status = required<HTMLElement>(root, '[data-quick-exit-status]');
  let presses = 0;
  let resetTimer: number | undefined;

  const exit = (event?: Event) => {
    event?.preventDefault();
    // Hide everything first, so that what was on screen is gone even if the next site is
    // slow to answer; then replace this history entry so Back does not bring it back.
    document.documentElement.classList.add('ngao-exiting');
    const overlay = document.createElement('div');
    overlay.className = 'quick-exit__overlay';
    document.body.append(overlay);
    // Text set after insertion: screen readers announce it more reliably that way.
    overlay.textContent = root.dataset.leaving ?? '';
    document.title = '…';
    // Pages the reader kept offline are removed on the way out; capped, so a slow browser
    // cannot hold the reader here.
    const leave = () => location.replace(link.href);
    Promise.race([forgetSavedPages(), new Promise((resolve) => window.setTimeout(resolve, FORGET_MS))]).then(leave, leave);
  };

  const reset = (announceTimeout: boolean) => {
    presses = 0;
    window.clearTimeout(resetTimer);
    status.textContent = announceTimeout ? (root.dataset.timeout ?? '') : '';
  };

  link.addEventListener('click', exit);
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Shift') {
      if (presses > 0) reset(false);
      return;
    }
    if (event.repeat) return;
    presses += 1;
    if (presses >= PRESSES_NEEDED) {
      reset(false);
      exit();
      return;
    }
    status.textContent = (root.dataset.pressed ?? '').replace('{count}', String(presses));
    window.clearTimeout(resetTimer);
    resetTimer = window.setTimeout(() => reset(true), WINDOW_MS);
  });

  // A browser that restores this page from its back-forward cache must show it whole again.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    document.documentElement.classList.remove('ngao-exiting');
    document.querySelectorAll('.quick-exit__overlay').forEach((overlay) => overlay.remove());
    reset(false);
  });
}
