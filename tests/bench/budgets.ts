// The budget table of `design/quality.md`, typed once. Every row the bench prints takes
// its limit and its printed budget from here, so a budget changes in one place and the
// table, the JSON and the "not measured" rows cannot disagree.
import { atLeast, atMost, BYTES_PER_KB, formatKb, formatMs, notMeasured, type BenchRow } from './rows.ts';

export type BudgetUnit = 'bytes' | 'ms' | 'per-second' | 'MiB' | 'score';

export interface Budget {
  /** `atMost`: the measured value must not exceed `limit`; `atLeast`: it must reach it. */
  direction: 'atMost' | 'atLeast';
  limit: number;
  unit: BudgetUnit;
  /** What quality.md says the budget is for, in a few words. */
  scope: string;
}

/** How a value in `unit` is printed, in the table and in the budget column alike. */
export function formatValue(unit: BudgetUnit, value: number): string {
  switch (unit) {
    case 'bytes':
      // Budgets are whole kB: "14 KB", not "14.0 KB".
      return Number.isInteger(value / BYTES_PER_KB) ? `${value / BYTES_PER_KB} KB` : formatKb(value);
    case 'ms':
      return formatMs(value);
    case 'per-second':
      return `${Math.round(value)}/s`;
    case 'MiB':
      return `${value} MiB`;
    case 'score':
      return String(value);
  }
}

/** `≤ 14 KB`, `≥ 500/s`: the budget column. */
export function budgetText(budget: Budget): string {
  return `${budget.direction === 'atMost' ? '≤' : '≥'} ${formatValue(budget.unit, budget.limit)}`;
}

export const budgets = {
  /** Every page of every locale, all requests before interaction: the first TCP window, so it paints after one round trip. */
  pageWeight: { direction: 'atMost', limit: 14_000, unit: 'bytes', scope: 'any page, all requests before interaction' },
  readingPageJs: { direction: 'atMost', limit: 3_000, unit: 'bytes', scope: 'JavaScript on a reading page before interaction' },
  encryptionChunk: { direction: 'atMost', limit: 70_000, unit: 'bytes', scope: 'the encryption chunk, loaded on demand' },
  pipeline1MiB: { direction: 'atMost', limit: 60, unit: 'ms', scope: 'whole submission pipeline in the browser, 1 MiB' },
  pipeline25MiB: { direction: 'atMost', limit: 1200, unit: 'ms', scope: 'whole submission pipeline in the browser, 25 MiB' },
  searchFirst: { direction: 'atMost', limit: 160, unit: 'ms', scope: 'search: first query incl. loading' },
  searchLater: { direction: 'atMost', limit: 30, unit: 'ms', scope: 'search: later queries' },
  buildPerPage: { direction: 'atMost', limit: 25, unit: 'ms', scope: 'full build, per page' },
  relayAccepted: { direction: 'atLeast', limit: 500, unit: 'per-second', scope: 'relay: accepted 50 KB submissions per second, fsynced' },
  relayP99: { direction: 'atMost', limit: 30, unit: 'ms', scope: 'relay: p99 latency' },
  relayMemoryGrowth: { direction: 'atMost', limit: 25, unit: 'MiB', scope: 'relay: memory flat for 25 MB bodies' },
  lighthouse: { direction: 'atLeast', limit: 100, unit: 'score', scope: 'Lighthouse (mobile), all four categories' },
} as const satisfies Record<string, Budget>;

export type BudgetName = keyof typeof budgets;

interface MeasuredRow {
  id: string;
  label: string;
  value: number;
  /** Printed after the measured value, e.g. `in 6 requests`. */
  suffix?: string;
  detail?: Record<string, unknown>;
  /** A limit worked out in the run from the budget's own (the relay's "and ≥ 0.35 × raw fsync"), with its printed form. */
  runLimit?: { limit: number; text: string };
}

/** A row measured against `budget`: pass or over, with the budget's limit, unit and printed form. */
export function budgetRow(budget: Budget, row: MeasuredRow): BenchRow {
  const limit = row.runLimit?.limit ?? budget.limit;
  const fields = {
    id: row.id,
    label: row.label,
    value: row.value,
    limit,
    unit: budget.unit,
    format: (value: number) => formatValue(budget.unit, value),
    budget: row.runLimit?.text ?? budgetText(budget),
    ...(row.suffix ? { suffix: row.suffix } : {}),
    ...(row.detail ? { detail: row.detail } : {}),
  };
  return budget.direction === 'atMost' ? atMost(fields) : atLeast(fields);
}

/** A row of `budget` that this run could not measure, with the reason in its place. */
export function budgetNotMeasured(budget: Budget, id: string, label: string, reason: string): BenchRow {
  return notMeasured(id, label, budgetText(budget), reason);
}
