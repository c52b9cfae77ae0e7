// The folder rules of `src/README.md`, checked by reading every import in `src/` (as
// `browser-chunks.test.ts` checks what the browser's bundles hold): no cycle between
// parts, and none of the arrows the map forbids.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|astro|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The part a file belongs to: its folder under `src/`, one level deeper in the two
 * folders that have inner parts. The relay's own top files are two parts: its wiring
 * (start, assemble), above everything, and its settings (config, log), below it.
 */
export function partOf(file: string): string {
  const [, top, inner, rest] = file.split('/');
  if (top === 'relay') {
    if (rest !== undefined) return `relay/${inner}`;
    return ['start.ts', 'assemble.ts'].includes(inner!) ? 'relay (wiring)' : 'relay (settings)';
  }
  if (top === 'submission' && rest !== undefined) return `submission/${inner}`;
  return top!;
}

/** Every arrow between two parts, with one import that draws it. */
function partArrows(): Map<string, string> {
  const arrows = new Map<string, string>();
  for (const file of sourceFiles('src')) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = relative(root, normalize(join(root, dirname(file), match[1]!)));
      if (!target.startsWith('src/') || !/\.(ts|astro|mjs)$/.test(target)) continue;
      const from = partOf(file);
      const to = partOf(target);
      if (from !== to && !arrows.has(`${from} -> ${to}`)) arrows.set(`${from} -> ${to}`, `${file} imports ${target}`);
    }
  }
  return arrows;
}

/** Parts that import each other, directly or through others. */
function cycles(arrows: Map<string, string>): string[][] {
  const next = new Map<string, string[]>();
  for (const arrow of arrows.keys()) {
    const [from, to] = arrow.split(' -> ') as [string, string];
    next.set(from, [...(next.get(from) ?? []), to]);
  }
  const found: string[][] = [];
  const visit = (part: string, path: string[]) => {
    for (const to of next.get(part) ?? []) {
      if (to === path[0]) found.push([...path, to]);
      else if (!path.includes(to) && to > path[0]!) visit(to, [...path, to]);
    }
  };
  for (const part of next.keys()) visit(part, [part]);
  return found;
}

// What must never be, with the reason src/README.md gives.
const never: Array<{ from: RegExp; to: RegExp; why: string }> = [
  { from: /^submission/, to: /^(components|layouts|pages|relay|inbox|catalogue|integrations)/, why: 'the submission is below everything that uses it' },
  { from: /^relay/, to: /^(components|layouts|pages|catalogue|integrations)/, why: 'the server reaches into no part of the site' },
  { from: /^schemas$/, to: /^(submission|relay|components|layouts|pages|catalogue|config)/, why: 'schemas/ holds what editors and operators write, and nothing above it' },
  { from: /^i18n$/, to: /./, why: 'the language table and the strings stand on nothing' },
  { from: /^relay\/(verify|spool|retention)$/, to: /^relay\/(accept|http|no-js)$|^relay \(wiring\)$/, why: 'the relay’s lower parts know nothing of its endpoints' },
  { from: /^relay\/http$/, to: /^relay\/no-js$/, why: 'the app hands the no-JS form a request; it does not know the form' },
  { from: /^inbox$/, to: /^relay\/(http|no-js|accept)$|^relay \(wiring\)$/, why: 'the inbox tool reads the Maildir, not the server' },
];

describe('the folder rules of src/', () => {
  const arrows = partArrows();

  it('finds the arrows it checks', () => {
    // A rule that sees no arrow could not fail: a few that must be there.
    expect(arrows.has('components -> submission/seal')).toBe(true);
    expect(arrows.has('relay/no-js -> relay/accept')).toBe(true);
    expect(arrows.has('relay/http -> relay/accept')).toBe(true);
  });

  it('has no cycle between parts', () => {
    expect(cycles(arrows)).toEqual([]);
  });

  it.each(never)('never $from → $to: $why', ({ from, to }) => {
    const broken = [...arrows].filter(([arrow]) => {
      const [a, b] = arrow.split(' -> ') as [string, string];
      return from.test(a) && to.test(b);
    });
    expect(broken.map(([, example]) => example)).toEqual([]);
  });
});
