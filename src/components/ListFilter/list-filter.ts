/**
 * Filters server-rendered lists as the reader changes a form's selects. A form marked
 * `data-list-filter` names its items with `data-items` (a selector); each item carries
 * `data-<select name>` with space-separated values and is shown when every select is
 * empty or its value is among the item's. Without JavaScript the forms stay hidden and
 * every list shows whole.
 */
export function enableListFilters(): void {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-list-filter]')) {
    const items = [...document.querySelectorAll<HTMLElement>(form.dataset.items ?? '')];
    const count = form.querySelector<HTMLElement>('[data-filter-count]');
    if (!count || items.length === 0) throw new Error('ListFilter: expected [data-filter-count] in the form and items matching its data-items');
    const selects = [...form.querySelectorAll('select')];
    const apply = () => {
      let shown = 0;
      for (const item of items) {
        item.hidden = !selects.every((s) => s.value === '' || (item.dataset[s.name] ?? '').split(' ').includes(s.value));
        if (!item.hidden) shown += 1;
      }
      count.textContent = (form.dataset.shown ?? '').replace('{count}', String(shown)).replace('{total}', String(items.length));
    };
    form.addEventListener('change', apply);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      apply();
    });
    form.hidden = false;
  }
}
