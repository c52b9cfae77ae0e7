/**
 * `npm start` on a checkout of the project: the whole product in one command. Before the
 * relay starts, the site is built, with the organisation's keys when `content/keys/`
 * has them and otherwise with a local demo key pair (`var/demo/`, generated once), which
 * makes every page say "demo" and lets `npm run inbox` read what arrives.
 *
 * This happens only when `SITE_DIR` is not set. Setting it (as the systemd unit and the
 * tests do) means "serve this built folder as it is": a production relay never builds,
 * and never falls back to a demo key.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ensureDemoKey } from '../keys/demo-key.ts';
import { loadRecipientKeys } from '../keys/load.ts';

export interface LocalBuildPlan {
  /** Recipient key folder the build will use. */
  keysDir: string;
  /** The demo key, when the organisation's folder has no key. */
  demo: { publicKeyFile: string; privateKeyFile: string; fingerprint: string } | null;
}

/** Whether `npm start` should build the site first: a checkout (sources, content, Astro) and no SITE_DIR. */
export function shouldBuildLocally(env: Readonly<Record<string, string | undefined>>, projectRoot: string): boolean {
  if (env.SITE_DIR !== undefined && env.SITE_DIR.trim() !== '') return false;
  return ['content/site.yaml', 'astro.config.mjs', 'node_modules/astro/bin/astro.mjs'].every((path) => existsSync(join(projectRoot, path)));
}

/** Chooses the keys to build with, generating the demo pair in `demoDir` if there are none. */
export async function planLocalBuild(keysDir: string, demoDir: string): Promise<LocalBuildPlan> {
  const keys = await loadRecipientKeys(keysDir);
  if (keys.length > 0) return { keysDir, demo: null };
  const demo = await ensureDemoKey(demoDir);
  return { keysDir: resolve(demoDir), demo };
}

/** Loopback addresses: where a demo build may be served, since only this machine reaches it. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Runs `astro build` with the planned keys; its output goes to stderr, so stdout stays the relay's log. */
export function buildSite(projectRoot: string, plan: LocalBuildPlan, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolveBuild, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'node_modules/astro/bin/astro.mjs'), 'build'], {
      cwd: projectRoot,
      env: { ...env, NGAO_KEYS_DIR: plan.keysDir },
      stdio: ['ignore', 2, 2],
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`the site build failed (astro build exited with ${code})`))));
  });
}

/** What the person who ran `npm start` needs to know, for stderr. */
export function describeLocalRun(projectRoot: string, plan: LocalBuildPlan, url: string, maildir: string): string {
  const lines = [`Ngao is running at ${url}/`];
  if (plan.demo) {
    lines.push(
      `DEMO: testimonies are encrypted to the local demo key ${relative(projectRoot, plan.demo.publicKeyFile)} (every page says so).`,
      `They are kept in ${relative(projectRoot, maildir) || maildir}; read them with: npm run inbox -- --key ${relative(projectRoot, plan.demo.privateKeyFile)}`,
      'Never deploy this build: put the organisation’s public key in content/keys/ (see docs/keys.md).',
    );
  }
  return `${lines.join('\n')}\n`;
}
