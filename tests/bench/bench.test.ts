// Unit tests of the bench's pure parts. No timing is asserted anywhere: timings vary
// between machines and runs, and the bench reports them instead.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { countrySchema } from '../../src/schemas/country.ts';
import { staticImports } from './pipeline.ts';
import { atLeast, atMost, median, notMeasured } from './rows.ts';
import { pagefindFileKind, summariseFetches } from './search.ts';
import { multiplyContent, planSyntheticCopies, readContentIds, retargetCountryFacts } from './synthetic-content.ts';
import { renderTable } from './table.ts';

describe('synthetic content', () => {
  const ids = { countries: ['ml', 'ug', 'aa'], guides: ['arrest'], programmes: ['shelter-city'] };

  it('adds factor − 1 copies of everything, under ids that are new and distinct', () => {
    const copies = planSyntheticCopies(ids, 10);
    expect(copies.filter((c) => c.kind === 'country')).toHaveLength(27);
    expect(copies.filter((c) => c.kind === 'guide')).toHaveLength(9);
    expect(copies.filter((c) => c.kind === 'programme')).toHaveLength(9);
    for (const kind of ['country', 'guide', 'programme'] as const) {
      const targets = copies.filter((c) => c.kind === kind).map((c) => c.to);
      expect(new Set(targets).size).toBe(targets.length);
    }
    const countryTargets = copies.filter((c) => c.kind === 'country').map((c) => c.to);
    expect(countryTargets.every((code) => /^[a-z]{2}$/.test(code) && !ids.countries.includes(code))).toBe(true);
  });

  it('adds nothing for a factor of 1 and refuses more copies than there are free codes', () => {
    expect(planSyntheticCopies(ids, 1)).toEqual([]);
    const many = { ...ids, countries: Array.from({ length: 100 }, (_, i) => `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`) };
    expect(() => planSyntheticCopies(many, 10)).toThrow(/two-letter codes/);
  });

  it('retargets the iso2 field and nothing else', () => {
    expect(retargetCountryFacts('iso2: ML\nname: Mali\nnote: "iso2: ML"\n', 'qz')).toBe('iso2: QZ\nname: Mali\nnote: "iso2: ML"\n');
    expect(() => retargetCountryFacts('name: Mali\n', 'qz')).toThrow(/iso2/);
  });

  describe('on a copy of the real content', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ngao-bench-test-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('multiplies it tenfold into facts files the country schema accepts, each named by its iso2', () => {
      cpSync(join(import.meta.dirname, '../../content'), join(dir, 'content'), { recursive: true });
      const before = readContentIds(join(dir, 'content'));
      const added = multiplyContent(join(dir, 'content'), 10);
      const after = readContentIds(join(dir, 'content'));
      expect(added.country).toBe(before.countries.length * 9);
      expect(after.countries).toHaveLength(before.countries.length * 10);
      expect(after.guides).toHaveLength(before.guides.length * 10);
      expect(after.programmes).toHaveLength(before.programmes.length * 10);
      for (const id of after.countries) {
        const facts = countrySchema.parse(parse(readFileSync(join(dir, 'content/countries', `${id}.yaml`), 'utf8')));
        expect(facts.iso2).toBe(id.toUpperCase());
        expect(readdirSync(join(dir, 'content/countries', id))).toContain('en.mdx');
      }
    });
  });
});

describe('verdicts', () => {
  const base = { id: 'x', label: 'x', unit: 'ms', format: (v: number) => `${v}` };

  it('passes at the limit and is over beyond it', () => {
    expect(atMost({ ...base, value: 20, limit: 20 }).status).toBe('pass');
    expect(atMost({ ...base, value: 20.1, limit: 20 }).status).toBe('over');
    expect(atLeast({ ...base, value: 500, limit: 500 }).status).toBe('pass');
    expect(atLeast({ ...base, value: 499, limit: 500 }).status).toBe('over');
  });

  it('takes the median of odd and even lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});

describe('static imports of a built chunk', () => {
  it('finds import and re-export statements, not dynamic imports', () => {
    const code = 'import{a as b}from"./shared.Ab1.js";import"./side.Cd2.js";export{c}from"./re.Ef3.js";const x=()=>import("./lazy.Gh4.js");';
    expect(staticImports(code).sort()).toEqual(['re.Ef3.js', 'shared.Ab1.js', 'side.Cd2.js']);
  });
});

describe("search breakdown of Pagefind's requests", () => {
  it('names each file Pagefind fetches by what it is for', () => {
    expect(pagefindFileKind('/pagefind/pagefind.js')).toBe('script');
    expect(pagefindFileKind('/pagefind/pagefind-worker.js')).toBe('worker');
    expect(pagefindFileKind('/pagefind/pagefind-entry.json')).toBe('entry');
    expect(pagefindFileKind('/pagefind/pagefind.en_cb427931a8.pf_meta')).toBe('meta');
    expect(pagefindFileKind('/pagefind/wasm.en.pagefind')).toBe('wasm');
    expect(pagefindFileKind('/pagefind/wasm.unknown.pagefind')).toBe('wasm');
    expect(pagefindFileKind('/pagefind/index/en_486898a.pf_index')).toBe('index');
    expect(pagefindFileKind('/pagefind/filter/en_1c6a525.pf_filter')).toBe('filter');
    expect(pagefindFileKind('/pagefind/fragment/en_edaaa9c.pf_fragment')).toBe('fragment');
    expect(pagefindFileKind('/pagefind/pagefind-ui.js')).toBe('other');
  });

  it('sums requests and bytes per kind, from the first start to the last arrival, in the order kinds were first requested', () => {
    const summary = summariseFetches([
      { pathname: '/pagefind/fragment/en_b.pf_fragment', startMs: 60, endMs: 70, bytes: 300 },
      { pathname: '/pagefind/pagefind.js', startMs: -5, endMs: 10, bytes: 1000 },
      { pathname: '/pagefind/fragment/en_a.pf_fragment', startMs: 55, endMs: 80, bytes: 200 },
      { pathname: '/pagefind/index/en_1.pf_index', startMs: 40, endMs: 50, bytes: 5000 },
    ]);
    expect(summary).toEqual([
      { kind: 'script', requests: 1, bytes: 1000, firstStartMs: -5, lastEndMs: 10 },
      { kind: 'index', requests: 1, bytes: 5000, firstStartMs: 40, lastEndMs: 50 },
      { kind: 'fragment', requests: 2, bytes: 500, firstStartMs: 55, lastEndMs: 80 },
    ]);
  });
});

describe('table', () => {
  it('aligns every line, wrapping long reasons inside their cell', () => {
    const rows = [
      atMost({ id: 'a', label: 'weight: home (en)', value: 5800, limit: 20000, unit: 'bytes', format: (v) => `${v / 1000} KB` }),
      notMeasured('b', 'relay: p99 latency', '≤ 30 ms', 'tests/bench/relay.ts does not exist yet, and this reason is long enough to wrap onto a second line'),
    ];
    const lines = renderTable(rows).split('\n');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines.length).toBeGreaterThan(4);
  });
});

describe('budgets', () => {
  it('prints each budget from its typed limit and decides pass or over by its direction', async () => {
    const { budgetRow, budgetText, budgets } = await import('./budgets.ts');
    expect(budgetText(budgets.pageWeight)).toBe('≤ 14 KB');
    expect(budgetText(budgets.readingPageJs)).toBe('≤ 3 KB');
    expect(budgetText(budgets.pipeline25MiB)).toBe('≤ 1.20 s');
    expect(budgetText(budgets.relayAccepted)).toBe('≥ 500/s');
    expect(budgetRow(budgets.pageWeight, { id: 'w', label: 'w', value: 14_000 }).status).toBe('pass');
    expect(budgetRow(budgets.pageWeight, { id: 'w', label: 'w', value: 14_001 })).toMatchObject({ status: 'over', limit: 14_000, unit: 'bytes', budget: '≤ 14 KB' });
    expect(budgetRow(budgets.relayAccepted, { id: 'r', label: 'r', value: 600, runLimit: { limit: 700, text: '≥ 700/s' } })).toMatchObject({ status: 'over', limit: 700, budget: '≥ 700/s' });
  });
});
