/**
 * `npm run review`: prints what editors must check again (see `due.ts`). A report, not a
 * gate: it exits 0 whatever is due, and 1 only when it cannot read the content.
 * `NGAO_REVIEW_DATE=YYYY-MM-DD` asks what will be due on another day.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { countrySchema } from '../schemas/country.ts';
import { programmeSchema } from '../schemas/programme.ts';
import { loadSiteConfig } from '../config/site.ts';

// Run from the project root, as npm does.
const projectRoot = process.cwd();
import { dueForReview, formatDueReport, type Version } from './due.ts';

const content = join(projectRoot, 'content');
const rel = (file: string) => relative(projectRoot, file);

function frontMatter(file: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${rel(file)}: no front matter block`);
  return parse(match[1]!) as Record<string, unknown>;
}

function versions(folder: string): Version[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((f) => f.endsWith('.mdx')).map((f) => {
    const data = frontMatter(join(folder, f));
    return { lang: f.replace(/\.mdx$/, ''), file: rel(join(folder, f)), lastReviewed: data.lastReviewed as string | undefined, translation: data.translation as Version['translation'], sources: data.sources as Version['sources'] };
  });
}

function parsed<T>(file: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  const result = schema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) throw new Error(`${rel(file)}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

const folders = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const yamls = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

try {
  const site = loadSiteConfig();
  const today = process.env.NGAO_REVIEW_DATE ? new Date(`${process.env.NGAO_REVIEW_DATE}T00:00:00Z`) : new Date();
  if (Number.isNaN(today.getTime())) throw new Error(`NGAO_REVIEW_DATE: expected YYYY-MM-DD, got ${process.env.NGAO_REVIEW_DATE}`);
  const report = dueForReview({
    locales: site.locales,
    countries: yamls(join(content, 'countries')).map((f) => ({ file: `content/countries/${f}`, data: parsed(join(content, 'countries', f), countrySchema), narratives: versions(join(content, 'countries', f.replace(/\.yaml$/, ''))) })),
    guides: folders(join(content, 'guides')).map((slug) => ({ slug, versions: versions(join(content, 'guides', slug)) })),
    pages: folders(join(content, 'pages')).map((slug) => ({ slug, versions: versions(join(content, 'pages', slug)) })),
    programmes: yamls(join(content, 'programmes')).map((f) => ({ file: `content/programmes/${f}`, data: parsed(join(content, 'programmes', f), programmeSchema) })),
  }, site.reviewPeriod, today);
  process.stdout.write(formatDueReport(report, site.reviewPeriod, today));
} catch (error) {
  process.stderr.write(`npm run review: ${(error as Error).message}\n`);
  process.exit(1);
}
