/**
 * Carries a query typed in the header's search box to the search page without putting
 * it in the page's address.
 *
 * The header box is a plain GET form, so that it works without JavaScript; but an
 * address such as `/en/search/?q=…` is written into the browser's history database, its
 * HTTP cache and its session-restore files, where whoever holds the phone later can read
 * what was searched for. A real Chromium profile kept the query in all three. With
 * JavaScript, the query goes through `sessionStorage` instead, the search page takes it
 * out at once, and the address stays `/en/search/`: the profile then holds nothing of it
 * (`tests/e2e/seized-phone.spec.ts`).
 */

const storageKey = 'ngao.search';

/** Makes the header search form hand its query over instead of sending it in the address. */
export function enableSearchHandoff(): void {
  const form = document.querySelector<HTMLFormElement>('form.site-search');
  const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
  if (!form || !input) return;
  form.addEventListener('submit', (event) => {
    try {
      sessionStorage.setItem(storageKey, input.value);
    } catch {
      return; // No storage (a locked-down browser): the plain GET still searches.
    }
    event.preventDefault();
    location.assign(form.action);
  });
}

/** The query handed over by the header form, removed from storage as it is read. */
export function takeHandedQuery(): string | null {
  try {
    const query = sessionStorage.getItem(storageKey);
    sessionStorage.removeItem(storageKey);
    return query;
  } catch {
    return null;
  }
}
