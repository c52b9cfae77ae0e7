// The rule the country schema enforces on a history: each recorded change of the status
// of same-sex acts leads, step by step, to today's status. It lives beside the schema
// (not in countries/, which reads histories for the pages) so the schema needs nothing
// from above it; countries/history.ts re-exports it with the rest of the history logic.
import type { Country } from './country.ts';

export type Sex = 'male' | 'female';
export const sexes: readonly Sex[] = ['male', 'female'];

/**
 * Orders two partial dates, newest first. "2025" and "2025-01" cannot be ordered (the
 * year may mean any month), so they compare equal and the file's order decides.
 */
export function compareNewestFirst(a: string, b: string): number {
  if (a.startsWith(b) || b.startsWith(a)) return 0;
  return a < b ? 1 : -1;
}

/**
 * What is wrong with a history's status changes, as messages naming the entry: for each
 * sex, going newest to oldest, the newest `to` must be the current status and each
 * change's `from` must be the `to` of the one before it. Without this the panel would
 * contradict the facts.
 */
export function statusHistoryProblems(country: Pick<Country, 'sameSexActs' | 'changes'>): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ordered = country.changes.map((change, index) => ({ change, index })).sort((a, b) => compareNewestFirst(a.change.date, b.change.date) || b.index - a.index);
  for (const sex of sexes) {
    let expected = country.sameSexActs[sex];
    let after = `the current status (sameSexActs.${sex})`;
    for (const { change, index } of ordered) {
      const step = change.status?.[sex];
      if (!step) continue;
      if (step.to !== expected) {
        problems.push({ path: ['changes', index, 'status', sex, 'to'], message: `is ${step.to} but ${after} is ${expected}` });
      }
      expected = step.from;
      after = `changes[${index}] (${change.date}) status.${sex}.from`;
    }
  }
  return problems;
}
