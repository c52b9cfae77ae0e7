// The build refuses bad content, bad keys and bad configuration, and says which file and
// which field. The minimal corpus builds first (so a failure below is the broken file's
// doing, not the corpus's); then each case breaks one thing and must fail.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGpgKey } from '../support/gpg.ts';
import { buildSandbox, makeSandbox } from '../support/sandbox.ts';

const projectRoot = process.cwd();
const corpus = join(projectRoot, 'tests/fixtures/minimal-content');
const badKeys = join(projectRoot, 'tests/fixtures/keys');
const scratch = mkdtempSync(join(tmpdir(), 'ngao-refusals-'));
const keysDir = join(scratch, 'keys');
const sandboxes: string[] = [];

beforeAll(() => {
  mkdirSync(keysDir);
  writeFileSync(join(keysDir, 'org.asc'), generateGpgKey(join(scratch, 'gnupg'), 'curve25519', 'refusals@test.ngao.example'));
}, 60_000);
afterAll(() => {
  for (const dir of [scratch, ...sandboxes]) rmSync(dir, { recursive: true, force: true });
});

/** Builds the minimal corpus after `breakIt` has changed the sandbox's `content/`. */
async function buildWith(breakIt: (content: string) => void, keys = keysDir) {
  const sandbox = makeSandbox(projectRoot, 'refusal', { withContent: false });
  sandboxes.push(sandbox);
  const content = join(sandbox, 'content');
  cpSync(corpus, content, { recursive: true });
  breakIt(content);
  return buildSandbox(sandbox, { NGAO_KEYS_DIR: keys });
}

const edit = (file: string, from: string | RegExp, to: string) => {
  const text = readFileSync(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`test setup: ${from} not found in ${file}`);
  writeFileSync(file, changed);
};

describe('the build', () => {
  it('accepts the minimal corpus as it is', async () => {
    const { code, output } = await buildWith(() => {});
    expect(output).not.toMatch(/\[ERROR\]/);
    expect(code).toBe(0);
  }, 120_000);

  const cases: [string, (content: string) => void, RegExp[], string?][] = [
    ['an unknown enum value in a country', (c) => edit(join(c, 'countries/ml.yaml'), /male: criminalised/, 'male: banned'), [/countries\/ml\.yaml|→ ml/, /sameSexActs\.male/]],
    ['a country with fewer than two sources on criminalisation', (c) => edit(join(c, 'countries/ke.yaml'), /covers: \[sameSexActs\]/g, 'covers: [expression]'), [/ke/, /sources/, /at least two sources must cover sameSexActs/]],
    ['a date that does not exist', (c) => edit(join(c, 'countries/ml.yaml'), /lastReviewed: .*/, 'lastReviewed: 2026-13-45'), [/ml/, /lastReviewed/, /YYYY-MM-DD/]],
    ['two facts files for one country', (c) => edit(join(c, 'countries/ke.yaml'), /iso2: KE/, 'iso2: ML'), [/content\/countries\/ke\.yaml/, /iso2/]],
    ['a narrative for a country with no facts', (c) => cpSync(join(c, 'countries/ml'), join(c, 'countries/zz'), { recursive: true }), [/content\/countries\/zz/, /no facts file/]],
    ['an unknown topic in a guide', (c) => edit(join(c, 'guides/sample-guide/en.mdx'), 'topics: [digital]', 'topics: [cooking]'), [/sample-guide/, /topics/]],
    ['a guide naming a programme that does not exist', (c) => edit(join(c, 'guides/sample-guide/en.mdx'), 'programmes: [sample-programme]', 'programmes: [no-such-programme]'), [/content\/guides\/sample-guide\/en\.mdx/, /programmes/, /no-such-programme/]],
    ['a link to a page that does not exist', (c) => edit(join(c, 'guides/sample-guide/en.mdx'), '(/en/help/)', '(/en/guides/no-such-guide/)'), [/\/en\/guides\/sample-guide\//, /\/en\/guides\/no-such-guide\//]],
    ['an unknown kind of programme', (c) => edit(join(c, 'programmes/sample-programme.yaml'), 'kinds: [emergency-grant]', 'kinds: [teleportation]'), [/sample-programme/, /kinds/]],
    ['a programme without lastVerified', (c) => edit(join(c, 'programmes/sample-programme.yaml'), /lastVerified: .*\n/, ''), [/sample-programme/, /lastVerified/]],
    ['two programme files with one slug', (c) => cpSync(join(c, 'programmes/sample-programme.yaml'), join(c, 'programmes/Sample-Programme.yaml')), [/Sample-Programme\.yaml/, /slug/]],
    ['a guide folder that is not its slug', (c) => renameSync(join(c, 'guides/sample-guide'), join(c, 'guides/Sample-Guide')), [/Sample-Guide/, /slug/]],
    ['a history whose newest status step is not the current status', (c) => edit(join(c, 'countries/ml.yaml'), /\nlastReviewed:/, `
changes:
  - { date: 2024-12-13, kind: in_force, summary: "The new Penal Code came into force.", fields: [sameSexActs], status: { male: { from: legal, to: unclear } }, sources: [{ title: "Mali – October 2024", publisher: "International IDEA", url: "https://idea.int/democracytracker/report/mali/october-2024", accessed: 2026-11-22 }] }
lastReviewed:`), [/ml/, /changes\.0\.status\.male\.to/, /is unclear but the current status \(sameSexActs\.male\) is criminalised/]],
    ['an invalid site setting', (c) => edit(join(c, 'site.yaml'), 'https://www.bbc.com/weather', 'http://insecure.example'), [/site\.yaml/, /quickExitUrl/]],
  ];
  it.each(cases)('refuses %s, naming the file and the field', async (_, breakIt, expected) => {
    const { code, output } = await buildWith(breakIt);
    expect(code).not.toBe(0);
    for (const pattern of expected) expect(output).toMatch(pattern);
  }, 120_000);

  it.each(['expired', 'revoked', 'sign-only', 'v6', 'rsa2048'])('refuses a recipient key that is %s, naming the file', async (name) => {
    const dir = join(scratch, `bad-${name}`);
    mkdirSync(dir, { recursive: true });
    cpSync(join(badKeys, `${name}.asc`), join(dir, `${name}.asc`));
    const { code, output } = await buildWith(() => {}, dir);
    expect(code).not.toBe(0);
    expect(output).toContain(`${name}.asc`);
  }, 120_000);

  it('refuses to build with no recipient key at all', async () => {
    const empty = join(scratch, 'no-keys');
    mkdirSync(empty, { recursive: true });
    const { code, output } = await buildWith(() => {}, empty);
    expect(code).not.toBe(0);
    expect(output).toMatch(/No recipient key/);
  }, 120_000);
});
