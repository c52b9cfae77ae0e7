// Makes a content folder N times larger for the build-scaling row: every country, guide
// and programme is copied under a new id, so the copies are valid content that the
// schemas accept and the pages render like the originals. Only ever applied to a
// throw-away copy of `content/`; the copies repeat real text and are never published.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ContentIds {
  /** Country facts ids: lower-case ISO alpha-2 codes, `ml`. */
  countries: readonly string[];
  /** Guide folder names. */
  guides: readonly string[];
  /** Programme file names without `.yaml`. */
  programmes: readonly string[];
}

export interface SyntheticCopy {
  kind: 'country' | 'guide' | 'programme';
  from: string;
  to: string;
}

/** Every two-letter code not already used, in order: the ids the country copies take. */
function freeCountryCodes(used: ReadonlySet<string>): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const codes: string[] = [];
  for (const first of letters) for (const second of letters) if (!used.has(first + second)) codes.push(first + second);
  return codes;
}

/**
 * The copies that make the content `factor` times larger: `factor - 1` copies of each
 * country, guide and programme. Countries need two-letter ids (the schema and the pages
 * key on ISO alpha-2), so their copies take unused codes; there are enough for a factor
 * of 10 on 54 countries (486 of 622 free codes), not for much more.
 */
export function planSyntheticCopies(ids: ContentIds, factor: number): SyntheticCopy[] {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`factor must be a whole number ≥ 1, got ${factor}`);
  const codes = freeCountryCodes(new Set(ids.countries));
  const needed = ids.countries.length * (factor - 1);
  if (needed > codes.length) throw new Error(`${needed} country copies needed but only ${codes.length} two-letter codes are free`);
  const copies: SyntheticCopy[] = [];
  let nextCode = 0;
  for (let copy = 1; copy < factor; copy++) {
    for (const country of ids.countries) copies.push({ kind: 'country', from: country, to: codes[nextCode++]! });
    for (const guide of ids.guides) copies.push({ kind: 'guide', from: guide, to: `${guide}-copy-${copy}` });
    for (const programme of ids.programmes) copies.push({ kind: 'programme', from: programme, to: `${programme}-copy-${copy}` });
  }
  return copies;
}

/** A country facts file given another ISO code: the `iso2` field must match the file name. */
export function retargetCountryFacts(yaml: string, iso2: string): string {
  const pattern = /^iso2:[ \t]*["']?[A-Za-z]{2}["']?[ \t]*$/m;
  if (!pattern.test(yaml)) throw new Error('country facts file has no top-level `iso2: XX` line');
  return yaml.replace(pattern, `iso2: ${iso2.toUpperCase()}`);
}

/** The ids present in a content folder. */
export function readContentIds(contentDir: string): ContentIds {
  const names = (dir: string) => readdirSync(join(contentDir, dir)).sort();
  const yamlIds = (dir: string) => names(dir).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -'.yaml'.length));
  return {
    countries: yamlIds('countries'),
    guides: names('guides').filter((n) => statSync(join(contentDir, 'guides', n)).isDirectory()),
    programmes: yamlIds('programmes'),
  };
}

/** Applies the copies to `contentDir` in place; returns how many of each kind were added. */
export function multiplyContent(contentDir: string, factor: number): Record<SyntheticCopy['kind'], number> {
  const added = { country: 0, guide: 0, programme: 0 };
  for (const copy of planSyntheticCopies(readContentIds(contentDir), factor)) {
    if (copy.kind === 'country') {
      const facts = readFileSync(join(contentDir, 'countries', `${copy.from}.yaml`), 'utf8');
      writeFileSync(join(contentDir, 'countries', `${copy.to}.yaml`), retargetCountryFacts(facts, copy.to));
      cpSync(join(contentDir, 'countries', copy.from), join(contentDir, 'countries', copy.to), { recursive: true });
    } else if (copy.kind === 'guide') {
      cpSync(join(contentDir, 'guides', copy.from), join(contentDir, 'guides', copy.to), { recursive: true });
    } else {
      cpSync(join(contentDir, 'programmes', `${copy.from}.yaml`), join(contentDir, 'programmes', `${copy.to}.yaml`));
    }
    added[copy.kind]++;
  }
  return added;
}
