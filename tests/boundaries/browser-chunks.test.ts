// What each of the submit page's scripts carries, checked on the sources with esbuild's
// module graph (the site build uses another bundler, but the import graph is the same):
// the page's own script loads neither library before interaction, the encryption chunk
// carries OpenPGP.js but not the zod schemas, and the validation chunk the reverse. A
// run-time import added in the wrong place fails here, long before the bench notices
// the bytes.
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

/** Every input file loaded with `entry` (static imports, transitively; dynamic imports left out). */
async function staticGraph(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(root, 'var/esbuild-graph'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs: Metafile['outputs'] = result.metafile.outputs;
  const entryOutput = Object.keys(outputs).find((name) => outputs[name]!.entryPoint?.endsWith(entry))!;
  const seen = new Set<string>();
  const queue = [entryOutput];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const imported of outputs[name]!.imports) if (imported.kind === 'import-statement') queue.push(imported.path);
  }
  return [...seen].flatMap((name) => Object.keys(outputs[name]!.inputs));
}

const fromPackage = (inputs: string[], name: string) => inputs.some((input) => input.includes(`node_modules/${name}/`));

describe('the submit page scripts', () => {
  it('the form script loads neither OpenPGP.js nor zod before interaction', async () => {
    const inputs = await staticGraph('src/components/SubmissionForm/submission-form.ts');
    expect(fromPackage(inputs, 'openpgp')).toBe(false);
    expect(fromPackage(inputs, 'zod')).toBe(false);
  });

  it('the encryption chunk carries OpenPGP.js and no zod', async () => {
    const inputs = await staticGraph('src/components/SubmissionForm/encryption.ts');
    expect(fromPackage(inputs, 'openpgp')).toBe(true);
    expect(fromPackage(inputs, 'zod')).toBe(false);
    expect(inputs.some((input) => input.endsWith('src/submission/seal/seal.ts'))).toBe(true);
  });

  it('the validation chunk carries the zod schema and no OpenPGP.js', async () => {
    const inputs = await staticGraph('src/submission/record/validate.ts');
    expect(fromPackage(inputs, 'zod')).toBe(true);
    expect(fromPackage(inputs, 'openpgp')).toBe(false);
  });
});
