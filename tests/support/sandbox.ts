// A throw-away copy of the project to build in: sources copied, `node_modules` linked.
// Builds there never touch the working tree's `dist/`, `.astro/` or content, so a test can
// give the build any content it likes (a broken file, ten times the corpus).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a build needs from the project; everything else (tests, var, dist, .git) stays out. */
const BUILD_INPUTS = ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json'];

/** Copies the project's build inputs into a new temporary folder; `content/` too unless told otherwise. */
export function makeSandbox(projectRoot: string, label: string, { withContent = true } = {}): string {
  const sandbox = mkdtempSync(join(tmpdir(), `ngao-${label}-`));
  for (const name of withContent ? [...BUILD_INPUTS, 'content'] : BUILD_INPUTS) {
    const from = join(projectRoot, name);
    if (existsSync(from)) cpSync(from, join(sandbox, name), { recursive: true });
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(sandbox, 'node_modules'), 'dir');
  return sandbox;
}

/** Runs `astro build` in a sandbox, in its own process; resolves with the exit code and everything it printed. */
export function buildSandbox(sandbox: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], {
      cwd: sandbox,
      env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
  });
}
