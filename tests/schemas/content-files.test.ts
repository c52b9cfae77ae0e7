// Validates every content file against its schema without a full build, so an editor
// (or a content batch) gets every error of the corpus at once, each naming the file.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { countryNarrativeSchema, countrySchema } from '../../src/schemas/country.ts';
import { guideSchema } from '../../src/schemas/guide.ts';
import { programmeSchema } from '../../src/schemas/programme.ts';
import { localeSchema } from '../../src/schemas/common.ts';

const content = new URL('../../content/', import.meta.url).pathname;
const locales = localeSchema.options as readonly string[];

function frontmatter(file: string): unknown {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${file}: no front matter block`);
  return parse(match[1]!);
}

function problems(file: string, result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.success ? [] : result.error!.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`);
}

describe('content files', () => {
  it('countries: facts match the schema, file name matches iso2, narratives have facts', () => {
    const dir = join(content, 'countries');
    const errors: string[] = [];
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const data = parse(readFileSync(join(dir, name), 'utf8'));
      errors.push(...problems(`countries/${name}`, countrySchema.safeParse(data)));
      if (data?.iso2 !== name.replace('.yaml', '').toUpperCase()) errors.push(`countries/${name}: iso2 does not match the file name`);
    }
    for (const folder of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      if (!existsSync(join(dir, `${folder.name}.yaml`))) errors.push(`countries/${folder.name}/: narrative for a country with no facts file`);
      for (const file of readdirSync(join(dir, folder.name))) {
        const lang = file.replace(/\.mdx$/, '');
        if (!locales.includes(lang)) errors.push(`countries/${folder.name}/${file}: not <lang>.mdx`);
        errors.push(...problems(`countries/${folder.name}/${file}`, countryNarrativeSchema.safeParse(frontmatter(join(dir, folder.name, file)))));
      }
    }
    expect(errors).toEqual([]);
  });

  it('guides match the schema', () => {
    const dir = join(content, 'guides');
    const errors: string[] = [];
    for (const slug of readdirSync(dir)) {
      for (const file of readdirSync(join(dir, slug))) {
        errors.push(...problems(`guides/${slug}/${file}`, guideSchema.safeParse(frontmatter(join(dir, slug, file)))));
      }
    }
    expect(errors).toEqual([]);
  });

  it('programmes match the schema', () => {
    const dir = join(content, 'programmes');
    const errors: string[] = [];
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      errors.push(...problems(`programmes/${name}`, programmeSchema.safeParse(parse(readFileSync(join(dir, name), 'utf8')))));
    }
    expect(errors).toEqual([]);
  });
});
