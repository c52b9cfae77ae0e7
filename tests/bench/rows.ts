// One row of the budget table of `design/quality.md`, and the helpers that decide pass or
// over. Pure: no I/O, so every measuring module (including `relay.ts`) builds its rows the
// same way and the table and the JSON file agree.

/** `info`: a reference figure with no budget of its own (bare OpenPGP.js, the raw fsync rate). */
export type RowStatus = 'pass' | 'over' | 'not measured' | 'info';

export interface BenchRow {
  /** Stable key for comparing runs, e.g. `weight.en.country`. */
  id: string;
  /** What the row measures, as printed. */
  label: string;
  /** The budget, as printed, e.g. `≤ 20 KB`. */
  budget: string;
  /** The measurement, as printed; for a row not measured, the reason. */
  measured: string;
  status: RowStatus;
  /** The measured figure in `unit`, for comparing runs; absent when not measured. */
  value?: number;
  /** The budget's limit in `unit`. */
  limit?: number;
  unit?: string;
  /** Anything needed to read the figure: which page, how many requests, the encoding. */
  detail?: Record<string, unknown>;
}

/** The table prints sizes in kB of 1,000 bytes: the stricter reading of the budgets' "KB". */
export const BYTES_PER_KB = 1000;

/** Two decimals below 10 KB, so that a figure just over a small budget does not print as equal to it. */
export function formatKb(bytes: number): string {
  const kb = bytes / BYTES_PER_KB;
  return `${kb.toFixed(kb < 10 ? 2 : 1)} KB`;
}

export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

interface Limit {
  id: string;
  label: string;
  value: number;
  limit: number;
  unit: string;
  /** How to print the measured value (and, unless `budget` is given, the limit). */
  format: (value: number) => string;
  /** Printed after the measured value, e.g. `in 6 requests`. */
  suffix?: string;
  /** The budget as printed, when it is not simply `≤ format(limit)`. */
  budget?: string;
  detail?: Record<string, unknown>;
}

/** A row whose measured value must not exceed its limit. */
export function atMost(row: Limit): BenchRow {
  return {
    id: row.id,
    label: row.label,
    budget: row.budget ?? `≤ ${row.format(row.limit)}`,
    measured: row.suffix ? `${row.format(row.value)} ${row.suffix}` : row.format(row.value),
    status: row.value <= row.limit ? 'pass' : 'over',
    value: row.value,
    limit: row.limit,
    unit: row.unit,
    ...(row.detail ? { detail: row.detail } : {}),
  };
}

/** A row whose measured value must reach its limit (a throughput). */
export function atLeast(row: Limit): BenchRow {
  return {
    id: row.id,
    label: row.label,
    budget: row.budget ?? `≥ ${row.format(row.limit)}`,
    measured: row.suffix ? `${row.format(row.value)} ${row.suffix}` : row.format(row.value),
    // "over" is the word for a missed budget in either direction.
    status: row.value >= row.limit ? 'pass' : 'over',
    value: row.value,
    limit: row.limit,
    unit: row.unit,
    ...(row.detail ? { detail: row.detail } : {}),
  };
}

/** A row that could not be measured in this run, with the reason printed in its place. */
export function notMeasured(id: string, label: string, budget: string, reason: string): BenchRow {
  return { id, label, budget, measured: `not measured (${reason})`, status: 'not measured' };
}

export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // The first line is enough for a table cell; the log keeps the rest.
  return text.split('\n')[0]!.trim().slice(0, 200);
}

/** A reference figure printed beside a budgeted row, with no verdict of its own. */
export function reference(row: { id: string; label: string; measured: string; value?: number; unit?: string; detail?: Record<string, unknown> }): BenchRow {
  return { budget: '(reference)', status: 'info', ...row };
}

/** The median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
