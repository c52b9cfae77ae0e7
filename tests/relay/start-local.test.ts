// `npm start` on a fresh checkout with no organisation key: start.ts makes the demo key,
// builds the site with it, serves it on loopback and tells the person how to read the
// mailbox. Astro is replaced by a stand-in build script in a scratch checkout, so that
// the test never builds (or touches) the real site; everything else is the real process.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKey } from 'openpgp';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encryptArmoured } from './support/encrypt.ts';
import { node24, projectRoot } from './support/relay.ts';
import { temporaryFolder } from './support/site.ts';
import { waitFor } from './support/wait.ts';

/** A scratch checkout whose "astro build" publishes the keys of NGAO_KEYS_DIR, as the real integration does. */
function scratchCheckout(): string {
  const root = temporaryFolder('checkout');
  mkdirSync(join(root, 'content'), { recursive: true });
  copyFileSync(join(projectRoot, 'content/site.yaml'), join(root, 'content/site.yaml'));
  writeFileSync(join(root, 'astro.config.mjs'), '// stand-in\n');
  mkdirSync(join(root, 'node_modules/astro/bin'), { recursive: true });
  const fakeAstro = join(root, 'node_modules/astro/bin/astro.mjs');
  writeFileSync(
    fakeAstro,
    `import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
const keys = process.env.NGAO_KEYS_DIR;
mkdirSync('dist/keys', { recursive: true });
for (const name of readdirSync(keys).filter((n) => n.endsWith('.asc'))) cpSync(keys + '/' + name, 'dist/keys/' + name);
writeFileSync('dist/index.html', '<!doctype html><title>built</title>');
console.log('stand-in build done');
`,
  );
  chmodSync(fakeAstro, 0o755);
  return root;
}

function startProcess(cwd: string, env: Record<string, string>) {
  const child = spawn(node24, [join(projectRoot, 'src/relay/start.ts')], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output.stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (output.stderr += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

describe('npm start without SITE_DIR and without a key', () => {
  it('builds with a generated demo key, serves it on loopback and explains how to read the mail', async () => {
    const checkout = scratchCheckout();
    const started = startProcess(checkout, { PORT: '0', NGAO_KEYS_DIR: temporaryFolder('no-keys') });
    try {
      await waitFor('the relay to listen', () => started.output.stdout.includes('"event":"listening"'), 30_000);
      const port = Number(/"port":(\d+)/.exec(started.output.stdout)![1]);
      expect(started.output.stderr).toContain('stand-in build done');
      expect(started.output.stderr).toContain(`Ngao is running at http://127.0.0.1:${port}/`);
      expect(started.output.stderr).toMatch(/npm run inbox -- --key var\/demo\/[0-9A-F]{40}\.key/);

      const demoFiles = readdirSync(join(checkout, 'var/demo'));
      const publicKeyFile = demoFiles.find((name) => name.endsWith('.asc'))!;
      const demoKey = await readKey({ armoredKey: readFileSync(join(checkout, 'var/demo', publicKeyFile), 'utf8') });
      expect(demoKey.getUserIDs()[0]).toContain('@ngao.invalid');
      const response = await fetch(`http://127.0.0.1:${port}/api/submissions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/pgp-encrypted' },
        body: await encryptArmoured('demo testimony', [demoKey]),
      });
      expect(response.status).toBe(202);
      expect(readdirSync(join(checkout, 'var/mail/new'))).toHaveLength(1);
    } finally {
      started.child.kill('SIGTERM');
      await started.exited;
    }
  });

  it('refuses to serve a demo build beyond this machine', async () => {
    const started = startProcess(scratchCheckout(), { PORT: '0', HOST: '0.0.0.0', NGAO_KEYS_DIR: temporaryFolder('no-keys') });
    expect(await started.exited).toBe(1);
    expect(started.output.stderr).toMatch(/HOST 0\.0\.0\.0: there is no organisation key/);
  });
});
