// The submission rows of `design/quality.md`:
// - the encryption chunk's gzipped size, read from the built assets;
// - the whole browser pipeline (validation, metadata stripping, MIME, padding,
//   encryption: `validateSubmission`, then `sealSubmission`) on 1 MiB and 25 MiB of attachments, timed in
//   Chromium on the built submit page, each beside bare OpenPGP.js (the same
//   `openpgp/lightweight`) encrypting the same bytes to the same keys in the same page.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';
import { budgetNotMeasured, budgetRow, budgets } from './budgets.ts';
import { errorMessage, formatKb, formatMs, median, notMeasured, reference, type BenchRow } from './rows.ts';

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------
// The encryption chunk

/** Relative modules a built chunk imports statically (loaded with it, not on demand). */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.\/[^"']+\.js)["']/g)) found.add(match[1]!.slice(2));
  return [...found];
}

export interface ChunkSize {
  files: { name: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
}

/** `name` and every chunk it imports statically, transitively. */
function withStaticImports(assets: string, names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name) || !existsSync(join(assets, name))) continue;
    seen.add(name);
    queue.push(...staticImports(readFileSync(join(assets, name), 'utf8')));
  }
  return seen;
}

/**
 * What the submit page fetches on the first interaction with the form: the chunk that
 * carries OpenPGP.js (found by the version string OpenPGP.js embeds) and every chunk it
 * imports statically, less the chunks the page has already loaded by then (its own
 * scripts and their imports). Chunks OpenPGP.js imports only for other key types
 * (dynamic imports) are not fetched for the keys the site publishes.
 */
export function encryptionChunkSize(siteDir: string, submitPage = 'en/submit/index.html'): ChunkSize | null {
  const assets = join(siteDir, '_astro');
  if (!existsSync(assets)) return null;
  const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
  const carrier = scripts.find((name) => /OpenPGP\.js v?\d/.test(readFileSync(join(assets, name), 'utf8')));
  if (!carrier) return null;
  const pageHtml = existsSync(join(siteDir, submitPage)) ? readFileSync(join(siteDir, submitPage), 'utf8') : '';
  const pageScripts = [...pageHtml.matchAll(/<script[^>]*\ssrc="\/_astro\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const alreadyLoaded = withStaticImports(assets, pageScripts);
  const onDemand = [...withStaticImports(assets, [carrier])].filter((name) => !alreadyLoaded.has(name));
  const files = onDemand.map((name) => {
    const bytes = readFileSync(join(assets, name));
    return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  });
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

export function encryptionChunkRow(siteDir: string): BenchRow {
  const id = 'submit.encryption-chunk';
  const label = 'encryption chunk, gzipped (on demand)';
  const size = encryptionChunkSize(siteDir);
  if (!size) return budgetNotMeasured(budgets.encryptionChunk, id, label, 'no built script under _astro/ contains OpenPGP.js');
  return budgetRow(budgets.encryptionChunk, {
    id,
    label,
    value: size.gzipBytes,
    suffix: `(${size.files.length} file${size.files.length === 1 ? '' : 's'}, ${formatKb(size.files.reduce((s, f) => s + f.bytes, 0))} raw)`,
    detail: { files: size.files },
  });
}

// ---------------------------------------------------------------------------------------
// The browser pipeline

/** A valid testimony with every required field; the attachment is what varies. */
const benchFields = {
  affectedType: 'person',
  affected: 'A peer educator (benchmark data, not a real case)',
  whatHappened: 'Benchmark text. '.repeat(200),
  whenText: 'March 2026',
  country: 'UG',
  perpetratorType: 'unknown',
  consent: 'none',
};

interface SizeTimings {
  bytes: number;
  pipelineMs: number[];
  bareMs: number[];
  armoredBytes: number;
}

/** Bundles the pipeline and OpenPGP.js for the browser (esbuild, as a classic script). */
async function bundlePipeline(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'pipeline-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The keys the built site publishes and pins: `<siteDir>/keys/<FINGERPRINT>.asc`. */
function publishedKeys(siteDir: string): { fingerprints: string[]; armoredKeys: string[] } {
  const folder = join(siteDir, 'keys');
  if (!existsSync(folder)) return { fingerprints: [], armoredKeys: [] };
  const files = readdirSync(folder).filter((name) => name.endsWith('.asc')).sort();
  return { fingerprints: files.map((name) => name.slice(0, -4)), armoredKeys: files.map((name) => readFileSync(join(folder, name), 'utf8')) };
}

export interface PipelineOptions {
  browser: Browser;
  baseUrl: string;
  siteDir: string;
  locale?: string;
}

const sizes = [
  { bytes: 1 * MiB, label: '1 MiB', budget: budgets.pipeline1MiB, runs: 7 },
  { bytes: 25 * MiB, label: '25 MiB', budget: budgets.pipeline25MiB, runs: 5 },
] as const;

function notMeasuredPipeline(reason: string): BenchRow[] {
  return sizes.flatMap(({ bytes, label, budget }) => [
    budgetNotMeasured(budget, `submit.pipeline.${bytes / MiB}MiB`, `browser pipeline, ${label} of attachments`, reason),
    notMeasured(`submit.bare-openpgp.${bytes / MiB}MiB`, `  bare OpenPGP.js, same ${label}`, '(reference)', reason),
  ]);
}

export async function pipelineRows(options: PipelineOptions): Promise<BenchRow[]> {
  const locale = options.locale ?? 'en';
  const submitPath = `/${locale}/submit/`;
  if (!existsSync(join(options.siteDir, locale, 'submit', 'index.html'))) return notMeasuredPipeline(`the built site has no ${submitPath}`);
  const keys = publishedKeys(options.siteDir);
  if (keys.fingerprints.length === 0) return notMeasuredPipeline('the built site publishes no key under /keys/');
  let bundle: string;
  try {
    bundle = await bundlePipeline();
  } catch (error) {
    return notMeasuredPipeline(`could not bundle the pipeline of src/submission/ with OpenPGP.js: ${errorMessage(error)}`);
  }

  // Our bundle is added as a script the page's CSP does not list; nothing else changes.
  const context = await options.browser.newContext({ bypassCSP: true, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(options.baseUrl + submitPath, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await page.addScriptTag({ content: bundle });
    // The summary's translated labels, as the form fetches them when it seals.
    const labelsJson = await page.evaluate(async () => {
      const url = document.querySelector<HTMLElement>('form[data-labels-url]')?.dataset.labelsUrl;
      return url ? fetch(url).then((response) => (response.ok ? response.text() : null)) : null;
    });
    if (!labelsJson) return notMeasuredPipeline(`${submitPath} has no form[data-labels-url], or its summary labels could not be fetched`);

    const timings = await page.evaluate(
      async ({ sizes, keys, fields, labelsJson, locale }) => {
        type Bench = {
          openpgp: {
            readKey(o: { armoredKey: string }): Promise<unknown>;
            createMessage(o: { binary: Uint8Array }): Promise<unknown>;
            encrypt(o: { message: unknown; encryptionKeys: unknown[]; format: 'armored' }): Promise<string>;
          };
          validateSubmission(input: Record<string, unknown>): unknown;
          sealSubmission(submission: unknown, options: Record<string, unknown>): Promise<{ armored: string }>;
        };
        const { openpgp, validateSubmission, sealSubmission } = (globalThis as unknown as { ngaoBench: Bench }).ngaoBench;
        const randomBytes = (length: number) => {
          const bytes = new Uint8Array(length);
          // getRandomValues fills at most 64 KiB per call.
          for (let offset = 0; offset < length; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65_536)));
          return bytes;
        };
        const encryptionKeys = await Promise.all(keys.armoredKeys.map((armoredKey) => openpgp.readKey({ armoredKey })));
        const runPipeline = async (bytes: Uint8Array) => {
          const started = performance.now();
          const now = new Date();
          const submission = validateSubmission({ fields, attachments: [{ name: 'evidence.bin', type: 'application/octet-stream', bytes, keepOriginal: false }], now });
          const prepared = await sealSubmission(submission, {
            locale,
            labels: JSON.parse(labelsJson),
            now,
            recipients: { pinnedFingerprints: keys.fingerprints, armoredKeys: keys.armoredKeys },
            openpgp,
            encryptedIn: 'browser',
          });
          return { ms: performance.now() - started, armored: prepared.armored };
        };
        const runBare = async (bytes: Uint8Array) => {
          const started = performance.now();
          const message = await openpgp.createMessage({ binary: bytes });
          await openpgp.encrypt({ message, encryptionKeys, format: 'armored' });
          return performance.now() - started;
        };
        // One untimed round first: both code paths compiled and warm before any timing.
        const warmUp = randomBytes(1024 * 1024);
        await runPipeline(warmUp);
        await runBare(warmUp);
        const out: { bytes: number; pipelineMs: number[]; bareMs: number[]; armoredBytes: number }[] = [];
        for (const { bytes: length, runs } of sizes) {
          const bytes = randomBytes(length);
          const result = { bytes: length, pipelineMs: [] as number[], bareMs: [] as number[], armoredBytes: 0 };
          // Alternate the two so that any drift in machine load hits both alike.
          for (let run = 0; run < runs; run++) {
            const prepared = await runPipeline(bytes);
            if (!prepared.armored.startsWith('-----BEGIN PGP MESSAGE-----')) throw new Error('the pipeline did not return an armoured OpenPGP message');
            result.pipelineMs.push(prepared.ms);
            result.armoredBytes = prepared.armored.length;
            result.bareMs.push(await runBare(bytes));
          }
          out.push(result);
        }
        return out;
      },
      { sizes: sizes.map(({ bytes, runs }) => ({ bytes, runs })), keys, fields: benchFields, labelsJson, locale },
    );

    return timings.flatMap((timing: SizeTimings, index) => {
      const size = sizes[index]!;
      const pipeline = median(timing.pipelineMs);
      const bare = median(timing.bareMs);
      return [
        budgetRow(size.budget, {
          id: `submit.pipeline.${size.bytes / MiB}MiB`,
          label: `browser pipeline, ${size.label} of attachments`,
          value: pipeline,
          suffix: `(median of ${timing.pipelineMs.length}; ${(pipeline / bare).toFixed(2)}× bare OpenPGP.js)`,
          detail: { runsMs: timing.pipelineMs, armoredBytes: timing.armoredBytes, recipients: keys.fingerprints.length },
        }),
        reference({
          id: `submit.bare-openpgp.${size.bytes / MiB}MiB`,
          label: `  bare OpenPGP.js, same ${size.label}`,
          measured: `${formatMs(bare)} (median of ${timing.bareMs.length})`,
          value: bare,
          unit: 'ms',
          detail: { runsMs: timing.bareMs, recipients: keys.fingerprints.length },
        }),
      ];
    });
  } catch (error) {
    return notMeasuredPipeline(errorMessage(error));
  } finally {
    await context.close();
  }
}
