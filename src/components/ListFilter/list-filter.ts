/**
 * Filters a server-rendered list as the reader changes the form's selects. Each item
 * carries `data-<select name>` with space-separated values; an item is shown when every
 * select is empty or its value is among the item's. Without JavaScript the form stays
 * hidden and the whole list shows.
 */
export function enableListFilter(form: HTMLFormElement, items: HTMLElement[]): void {
  const count = form.querySelector<HTMLElement>('[data-filter-count]');
  if (!count) throw new Error('ListFilter: expected [data-filter-count] inside the form');
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
  form.addEventListener('submit', (event) => event.preventDefault());
  form.hidden = false;
}
