// The preflight of `npm test`, run as a real process with tools hidden from it: a fresh
// machine must be told at once which tool is missing and how to install it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOnPath, installCommand, mayInstall, missingToolLines, systemTools } from './system-tools.ts';

const realPaths = Object.fromEntries(systemTools.map((tool) => [tool.name, tool.locate(process.env)]));
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A PATH holding only the named tools (as links to the real ones), and Chromium where asked. */
function environmentWith(present: string[]): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), 'ngao-path-'));
  folders.push(bin);
  for (const name of ['gpg', 'exiftool']) if (present.includes(name)) symlinkSync(realPaths[name]!, join(bin, name));
  const chromium = present.includes('chromium') ? realPaths.chromium! : join(bin, 'no-chromium-here');
  // CI and the opt-in are cleared so the preflight only reports and never installs.
  return { PATH: bin, CHROMIUM_PATH: chromium, HOME: process.env.HOME, NGAO_INSTALL_SYSTEM_DEPS: '0' };
}

function runPreflight(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['tests/support/preflight.ts'], { env, encoding: 'utf8', timeout: 20_000 });
}

describe('npm test preflight', () => {
  it('finds every tool on this machine (the rest of the suite needs them)', () => {
    for (const tool of systemTools) expect(tool.locate(process.env), tool.name).toBeDefined();
  });

  it('passes silently when every tool is there', () => {
    const result = runPreflight(environmentWith(systemTools.map((tool) => tool.name)));
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  for (const hidden of systemTools) {
    it(`stops at once with one line naming ${hidden.name} and the command that installs it`, () => {
      const started = Date.now();
      const result = runPreflight(environmentWith(systemTools.filter((tool) => tool !== hidden).map((tool) => tool.name)));
      expect(result.status).toBe(1);
      const lines = result.stderr.trim().split('\n').filter((line) => line.includes('is missing'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${hidden.name} is missing`);
      expect(lines[0]).toMatch(new RegExp(`apt-get install -y --no-install-recommends ${hidden.debianPackage}$`));
      // "In the first seconds": a generous bound, since the process starts a whole Node.
      expect(Date.now() - started).toBeLessThan(15_000);
    });
  }

  it('names all three when none is there, one line each', () => {
    const result = runPreflight(environmentWith([]));
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line.includes('is missing'))).toHaveLength(3);
  });

  it('installs only as root on Debian, and only in CI or when asked', () => {
    const debianRoot = { isRoot: true, isDebian: true };
    expect(mayInstall({ ...debianRoot, env: { CI: 'true' } })).toBe(true);
    expect(mayInstall({ ...debianRoot, env: { NGAO_INSTALL_SYSTEM_DEPS: '1' } })).toBe(true);
    expect(mayInstall({ ...debianRoot, env: {} })).toBe(false);
    expect(mayInstall({ ...debianRoot, env: { CI: 'true', NGAO_INSTALL_SYSTEM_DEPS: '0' } })).toBe(false);
    expect(mayInstall({ isRoot: false, isDebian: true, env: { CI: 'true' } })).toBe(false);
    expect(mayInstall({ isRoot: true, isDebian: false, env: { CI: 'true' } })).toBe(false);
  });

  it('tells a non-root user to use sudo', () => {
    const gpg = systemTools.filter((tool) => tool.name === 'gpg');
    expect(installCommand(gpg, { isRoot: false })).toBe('sudo apt-get install -y --no-install-recommends gnupg');
    expect(missingToolLines(gpg, { isRoot: true })[0]).toMatch(/: apt-get install/);
  });

  it('looks programs up on PATH as a shell does', () => {
    expect(findOnPath('definitely-not-a-program-ngao', process.env)).toBeUndefined();
    expect(findOnPath('gpg', { PATH: '' })).toBeUndefined();
  });
});
