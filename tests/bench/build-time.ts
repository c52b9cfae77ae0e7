// Timed builds. Each build runs in a throw-away copy of the project (sources and content
// copied, `node_modules` linked), in its own process with its own Astro cache folder, so
// that: every build is cold; the working tree's `dist/`, `.astro/` and the shared
// `node_modules/.astro` cache are never written; and the synthetic build can change
// `content/` freely.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtPages } from '../../src/integrations/built-pages.ts';
import { generateGpgKey } from '../support/gpg.ts';
import { testPaths } from '../support/test-site.ts';

/** What a build needs from the project; everything else (tests, var, dist, .git) stays out. */
const COPIED = ['src', 'content', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json'];

export interface BuildResult {
  ok: boolean;
  /** Wall-clock time from starting the build process to its exit: what `astro build` costs. */
  ms: number;
  /** HTML pages written. */
  pages: number;
  outDir: string;
  log: string;
  /** The first error line of the log, when the build failed. */
  error?: string;
}

/** Makes a copy of the project to build in; the caller removes it. */
export function makeSandbox(projectRoot: string, label: string): string {
  const sandbox = mkdtempSync(join(tmpdir(), `ngao-bench-${label}-`));
  for (const name of COPIED) {
    const from = join(projectRoot, name);
    if (existsSync(from)) cpSync(from, join(sandbox, name), { recursive: true });
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(sandbox, 'node_modules'), 'dir');
  return sandbox;
}

/**
 * The recipient keys to build with: `NGAO_KEYS_DIR` if set, else the test keys of
 * `tests/support/prepare-site.ts`, made the same way (GnuPG) when they are missing.
 */
export function ensureBuildKeys(projectRoot: string): string {
  if (process.env.NGAO_KEYS_DIR) return resolve(projectRoot, process.env.NGAO_KEYS_DIR);
  const keys = testPaths.keys;
  for (const kind of ['curve25519', 'rsa4096'] as const) {
    const file = join(keys, `${kind}.asc`);
    if (existsSync(file)) continue;
    mkdirSync(keys, { recursive: true });
    writeFileSync(file, generateGpgKey(testPaths.gnupg[kind], kind, `${kind}@test.ngao.example`));
  }
  return keys;
}

/** The first line that explains a failed build, for the table. */
function firstError(log: string): string {
  // Vite and Astro colour their output; the table wants plain text.
  const lines = log.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const error = lines.find((l) => /\[ERROR\]|^\s*\w*Error:|error:/i.test(l) && !/^\s*at /.test(l));
  return (error ?? lines.filter((l) => l.trim()).at(-1) ?? 'no output').trim().slice(0, 200);
}

/** Builds `sandbox` into `outDir` in a fresh process and times it. */
export async function timedBuild(options: { sandbox: string; outDir: string; keysDir: string; logFile: string }): Promise<BuildResult> {
  const { sandbox, outDir, keysDir, logFile } = options;
  rmSync(outDir, { recursive: true, force: true });
  const worker = join(import.meta.dirname, 'build-worker.ts');
  const request = JSON.stringify({ root: sandbox, outDir, cacheDir: join(sandbox, '.bench-cache') });
  const logFd = openSync(logFile, 'w');
  const started = performance.now();
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [worker, request], {
      cwd: sandbox,
      env: { ...process.env, NGAO_KEYS_DIR: keysDir, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', logFd, logFd],
    });
    child.on('error', fail);
    child.on('exit', (exitCode) => done(exitCode));
  });
  const ms = performance.now() - started;
  closeSync(logFd);
  const log = readFileSync(logFile, 'utf8');
  const pages = existsSync(outDir) ? builtPages(outDir).length : 0;
  return code === 0
    ? { ok: true, ms, pages, outDir, log: logFile }
    : { ok: false, ms, pages, outDir, log: logFile, error: firstError(log) };
}
