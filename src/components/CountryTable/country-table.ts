/** Sorting for the country table (filtering is the page's list filter). The table is complete without this. */
export function enableCountryTable(): void {
  const table = document.querySelector<HTMLTableElement>('[data-country-table]');
  if (!table) throw new Error('CountryTable: expected [data-country-table]');
  const body = table.tBodies[0]!;
  const rows = [...body.rows];
  // Column headers become buttons; aria-sort tells screen readers the current order.
  table.tHead!.querySelectorAll('th').forEach((th, column) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.textContent = th.textContent;
    button.setAttribute('aria-label', (table.dataset.sortLabel ?? '').replace('{column}', th.textContent ?? ''));
    th.replaceChildren(button);
    button.addEventListener('click', () => {
      const ascending = th.getAttribute('aria-sort') !== 'ascending';
      table.tHead!.querySelectorAll('th').forEach((other) => other.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      const key = (row: HTMLTableRowElement) => {
        const cell = row.cells[column]!;
        return cell.dataset.sort ?? cell.textContent ?? '';
      };
      const sorted = [...rows].sort((a, b) => {
        const [x, y] = [key(a), key(b)];
        const order = x !== '' && y !== '' && !Number.isNaN(Number(x)) && !Number.isNaN(Number(y)) ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
        return ascending ? order : -order;
      });
      body.append(...sorted);
    });
  });
}
