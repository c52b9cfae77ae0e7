// Calls the relay engineer's benchmark, `tests/bench/relay.ts`, and checks what it
// returns before it reaches the table.
//
// The contract: `relay.ts` exports `relayRows(context: RelayBenchContext):
// Promise<BenchRow[]>`, building its rows with the helpers of `rows.ts` (`atLeast` for the
// submission rate, `atMost` for p99 latency and memory growth, `reference` for the raw
// fsync rate). It starts and stops whatever it needs itself.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { budgetText, budgets } from './budgets.ts';
import { errorMessage, notMeasured, type BenchRow } from './rows.ts';

export interface RelayBenchContext {
  /** The project root; `src/relay/start.ts` lives under it. */
  projectRoot: string;
  /** The site the bench just built, with its published recipient keys under `keys/`. */
  siteDir: string;
  /** A scratch folder for this run (Maildirs, logs); removed afterwards by the caller only if empty. */
  workDir: string;
  /** Progress messages, printed on stderr. */
  log(message: string): void;
}

const placeholderRows = (reason: string): BenchRow[] => [
  notMeasured('relay.accepted-per-second', 'relay: accepted 50 KB submissions/s, fsynced', `${budgetText(budgets.relayAccepted)} and ≥ 0.35 × raw fsync`, reason),
  notMeasured('relay.p99', 'relay: p99 latency', budgetText(budgets.relayP99), reason),
  notMeasured('relay.p99-beside-25MB', 'relay: p99 latency beside 25 MB bodies', budgetText(budgets.relayP99), reason),
  notMeasured('relay.memory-25MB', 'relay: memory under 25 MB bodies', `flat (${budgetText(budgets.relayMemoryGrowth)} growth)`, reason),
];

function isRow(value: unknown): value is BenchRow {
  const row = value as Partial<BenchRow> | null;
  return (
    typeof row === 'object' &&
    row !== null &&
    typeof row.id === 'string' &&
    typeof row.label === 'string' &&
    typeof row.budget === 'string' &&
    typeof row.measured === 'string' &&
    ['pass', 'over', 'not measured', 'info'].includes(row.status as string)
  );
}

export async function relayRows(context: RelayBenchContext): Promise<BenchRow[]> {
  const file = join(import.meta.dirname, 'relay.ts');
  if (!existsSync(file)) return placeholderRows('tests/bench/relay.ts does not exist yet');
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    return placeholderRows(`tests/bench/relay.ts failed to load: ${errorMessage(error)}`);
  }
  // `relayRows` by contract; failing that, the module's only exported function.
  const functions = Object.entries(module).filter(([, value]) => typeof value === 'function');
  const run = typeof module.relayRows === 'function' ? module.relayRows : functions.length === 1 ? functions[0]![1] : undefined;
  if (typeof run !== 'function') {
    const exported = Object.keys(module).join(', ') || 'nothing';
    return placeholderRows(`tests/bench/relay.ts exports ${exported}, not relayRows(context)`);
  }
  try {
    const rows: unknown = await run(context);
    if (!Array.isArray(rows) || !rows.every(isRow)) return placeholderRows('relayRows() did not return BenchRow[] (see tests/bench/rows.ts)');
    return rows;
  } catch (error) {
    return placeholderRows(`relayRows() failed: ${errorMessage(error)}`);
  }
}
