import type { BenchRow } from './rows.ts';

const HEADERS = ['row', 'budget', 'measured', 'result'] as const;
/** Long reasons ("not measured (…)") wrap inside their cell so the result column stays aligned. */
const MEASURED_WIDTH = 60;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

/** Renders the rows as a plain-text table: row, budget, measured, result. */
export function renderTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => [row.label, row.budget, wrap(row.measured, MEASURED_WIDTH), row.status] as const);
  const widths = [
    Math.max(HEADERS[0].length, ...cells.map((c) => c[0].length)),
    Math.max(HEADERS[1].length, ...cells.map((c) => c[1].length)),
    Math.max(HEADERS[2].length, ...cells.flatMap((c) => c[2].map((line) => line.length))),
    Math.max(HEADERS[3].length, ...cells.map((c) => c[3].length)),
  ];
  const line = (values: readonly string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [line(HEADERS), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`];
  for (const [label, budget, measured, status] of cells) {
    out.push(line([label, budget, measured[0]!, status]));
    for (const more of measured.slice(1)) out.push(line(['', '', more, '']));
  }
  return out.join('\n');
}

/** One line counting the rows by result. */
export function summarise(rows: readonly BenchRow[]): string {
  const count = (status: BenchRow['status']) => rows.filter((r) => r.status === status).length;
  return `${count('pass')} pass, ${count('over')} over, ${count('not measured')} not measured, ${count('info')} reference`;
}
