// Verifiable code, end to end without a browser: two builds of the same sources in two
// different folders, at different times and in different time zones, are identical byte
// for byte; the manifest is signed with GnuPG by `npm run sign-release`; the real relay
// serves the build and `npm run verify` accepts it. Then one thing at a time is changed
// on the server (a script, a page, a lazy chunk, the manifest, the signature, an added
// script) and the verifier must fail, naming what changed.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeployment, type DeploymentCheckResult } from '../../src/release/deployment-check.ts';
import { compareEntries, describeDifference, manifestEntries, releaseManifestSchema, releasePaths } from '../../src/release/manifest.ts';
import { readReleaseSigningKey } from '../../src/release/signing-key.ts';
import { startRelayInProcess, type InProcessRelay } from '../support/relay.ts';
import { generateGpgKey } from '../support/gpg.ts';
import { buildSandbox, makeSandbox } from '../support/sandbox.ts';

const run = promisify(execFile);
const projectRoot = process.cwd();
const scratch = join(tmpdir(), `ngao-release-${process.pid}`);
const gnupg = join(scratch, 'gnupg-release');
const releaseKeyFile = join(scratch, 'release-key.asc');
const keysDir = join(scratch, 'keys');
const sandboxes: string[] = [];
let first: string;
let second: string;
let served: string;
let relay: InProcessRelay;
let pinned: string;

/** Builds the project's sources and content in a fresh folder; returns the folder's dist/. */
async function build(env: Record<string, string>): Promise<string> {
  const sandbox = makeSandbox(projectRoot, 'release');
  sandboxes.push(sandbox);
  const { code, output } = await buildSandbox(sandbox, { NGAO_KEYS_DIR: keysDir, NGAO_RELEASE_KEY: releaseKeyFile, ...env });
  if (code !== 0) throw new Error(`build in ${sandbox} failed:\n${output.slice(-3000)}`);
  return join(sandbox, 'dist');
}

beforeAll(async () => {
  mkdirSync(keysDir, { recursive: true });
  writeFileSync(join(keysDir, 'org.asc'), generateGpgKey(join(scratch, 'gnupg-org'), 'curve25519', 'org@test.ngao.example'));
  writeFileSync(releaseKeyFile, generateGpgKey(gnupg, 'curve25519', 'release@test.ngao.example'));
  pinned = (await readReleaseSigningKey(readFileSync(releaseKeyFile, 'utf8'), null, releaseKeyFile)).fingerprint;
  // Not at the same time, not in the same time zone or language: nothing of the machine may show.
  first = await build({ TZ: 'UTC', LANG: 'C.UTF-8' });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  second = await build({ TZ: 'Pacific/Kiritimati', LANG: 'fr_FR.UTF-8' });
}, 300_000);

afterAll(async () => {
  await relay?.close();
  for (const dir of [scratch, ...sandboxes]) rmSync(dir, { recursive: true, force: true });
});

describe('a reproducible build', () => {
  it('is byte-identical from two folders at two times', async () => {
    const differences = compareEntries(await manifestEntries(first), await manifestEntries(second));
    // The first differing file, named, so the failure says where to look.
    expect(differences.map(describeDifference).slice(0, 5)).toEqual([]);
    expect(readFileSync(join(first, releasePaths.manifest.slice(1)))).toEqual(readFileSync(join(second, releasePaths.manifest.slice(1))));
  });

  it('holds no path of the machine that built it', async () => {
    const folders = [first, second].map((dist) => dist.slice(0, -'/dist'.length));
    for (const [path] of (await manifestEntries(first)).map((entry) => [entry.path] as const)) {
      const text = readFileSync(join(first, path.slice(1))).toString('latin1');
      for (const folder of [...folders, projectRoot, tmpdir()]) expect(text.includes(folder), `${path} contains ${folder}`).toBe(false);
    }
  });

  it('lists every file it serves in the manifest, with the release it is', async () => {
    const manifest = releaseManifestSchema.parse(JSON.parse(readFileSync(join(first, releasePaths.manifest.slice(1)), 'utf8')));
    expect(manifest.release.signingKey).toBe(pinned);
    expect(manifest.files.map((f) => f.path)).toContain(releasePaths.signingKey);
    expect(manifest.files.map((f) => f.path)).not.toContain(releasePaths.manifest);
    expect(compareEntries(manifest.files, await manifestEntries(first))).toEqual([]);
    const submitPage = readFileSync(join(first, 'en/submit/index.html'), 'utf8');
    expect(submitPage).toContain(manifest.release.id.match(/.{4}/g)!.join(' '));
  });
});

describe('a served release', () => {
  beforeAll(async () => {
    served = join(scratch, 'served');
    cpSync(first, served, { recursive: true });
    await run(process.execPath, ['src/release/sign-release.ts', '--dist', served], { env: { ...process.env, NGAO_RELEASE_KEY: releaseKeyFile, GNUPGHOME: gnupg } });
    relay = await startRelayInProcess({ SITE_DIR: served, MAILDIR: join(scratch, 'mail'), RATE_LIMIT_PER_HOUR: '0' });
  }, 60_000);

  const check = (localDist?: string) => checkDeployment({ url: `${relay.url}/en/`, pinnedFingerprint: pinned, localDist });

  /** Runs `check` with one file of the served copy changed by `change`, then puts it back. */
  async function withChange(path: string, change: (bytes: Buffer) => Buffer): Promise<DeploymentCheckResult> {
    const file = join(served, path.slice(1));
    const original = readFileSync(file);
    writeFileSync(file, change(Buffer.from(original)));
    try {
      return await check();
    } finally {
      writeFileSync(file, original);
    }
  }
  const flipOneByte = (at: number) => (bytes: Buffer) => {
    bytes[at] = bytes[at] === 0x20 ? 0x09 : 0x20;
    return bytes;
  };
  const astroFile = (pattern: RegExp) => `/_astro/${readdirSync(join(served, '_astro')).find((name) => pattern.test(name))!}`;

  it('passes `npm run verify` as it is, and matches the local build of the same sources', async () => {
    const { stdout } = await run(process.execPath, ['src/release/verify-command.ts', relay.url, '--signer', pinned, '--dist', second]);
    expect(stdout).toMatch(new RegExp(`OK: ${relay.url} serves exactly release [0-9a-f]{16} .*signed by ${pinned}`));
    expect(stdout).toContain('is the same release, file for file');
  }, 60_000);

  it('fails when one byte of the form script changes', async () => {
    const script = astroFile(/^SubmissionForm.*_index_1_lang\..*\.js$/);
    const result = await withChange(script, flipOneByte(100));
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.stringMatching(new RegExp(`^${script.replaceAll('.', '\\.')} differs: the release has \\d+ bytes with SHA-256 [0-9a-f]{64}, the deployment serves`))]);
  });

  it('fails when one byte of a page changes', async () => {
    const result = await withChange('/en/submit/index.html', flipOneByte(2000));
    expect(result.problems).toEqual([expect.stringMatching(/^\/en\/submit\/index\.html differs/)]);
  });

  it('fails when one byte of a lazily loaded chunk changes', async () => {
    const chunk = astroFile(/^encryption\..*\.js$/);
    const result = await withChange(chunk, flipOneByte(5000));
    expect(result.problems).toEqual([expect.stringMatching(new RegExp(`^${chunk.replaceAll('.', '\\.')} differs`))]);
  });

  it('fails when one byte of the manifest changes, and trusts nothing in it', async () => {
    const result = await withChange(releasePaths.manifest, (bytes) => Buffer.from(bytes.toString('utf8').replace(/"size": (\d+)/, (_, n) => `"size": ${Number(n) + 1}`)));
    expect(result.manifest).toBeNull();
    expect(result.problems).toEqual([expect.stringMatching(/manifest\.json\.asc: the signature does not match the manifest/)]);
  });

  it('fails when the signature is changed, or missing', async () => {
    const changed = await withChange(releasePaths.signature, (bytes) => {
      const text = bytes.toString('utf8');
      const at = text.indexOf('\n\n') + 10;
      return Buffer.from(text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    });
    expect(changed.ok).toBe(false);
    expect(changed.problems).toEqual([expect.stringMatching(/manifest\.json\.asc: /)]);

    const file = join(served, releasePaths.signature.slice(1));
    const original = readFileSync(file);
    rmSync(file);
    try {
      const missing = await check();
      expect(missing.problems).toEqual([expect.stringMatching(/manifest\.json\.asc: the deployment answers 404; without the release signature the manifest proves nothing/)]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('fails when a signature by another key is served', async () => {
    const otherHome = join(scratch, 'gnupg-other');
    generateGpgKey(otherHome, 'curve25519', 'intruder@test.ngao.example');
    const manifestFile = join(served, releasePaths.manifest.slice(1));
    const { stdout: forged } = await run('gpg', ['--homedir', otherHome, '--batch', '--armor', '--detach-sign', '--output', '-', manifestFile]);
    const result = await withChange(releasePaths.signature, () => Buffer.from(forged));
    expect(result.problems).toEqual([expect.stringMatching(new RegExp(`signed by key ID [0-9A-F]{16}, not by the pinned release key ${pinned}`))]);
  });

  it('fails when an unlisted script is added to a page, naming both', async () => {
    const extra = join(served, '_astro/extra.js');
    writeFileSync(extra, 'document.title = "added";\n');
    try {
      const result = await withChange('/en/index.html', (bytes) => Buffer.from(bytes.toString('utf8').replace('</head>', '<script type="module" src="/_astro/extra.js"></script></head>')));
      expect(result.problems).toHaveLength(2);
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\/_astro\/extra\.js is served and referenced by \/en\/index\.html, but is not in the release/),
          expect.stringMatching(/^\/en\/index\.html differs/),
        ]),
      );
    } finally {
      rmSync(extra);
    }
  });

  it('exits 1 from `npm run verify` and says which file differs', async () => {
    const page = join(served, 'fr/index.html');
    const original = readFileSync(page);
    writeFileSync(page, Buffer.concat([original, Buffer.from(' ')]));
    try {
      const failure = await run(process.execPath, ['src/release/verify-command.ts', relay.url, '--signer', pinned]).then(
        () => null,
        (error: { code: number; stdout: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stdout).toMatch(/FAILED: .* does not serve release [0-9a-f]{16} exactly\. 1 problem:\n {2}- \/fr\/index\.html differs: the release has (\d+) bytes/);
    } finally {
      writeFileSync(page, original);
    }
  }, 60_000);
});
