/**
 * `npm start`: the whole product on one machine. Uses the organisation's keys from
 * `content/keys/` (or `NGAO_KEYS_DIR`); where there are none, generates a local demo key
 * pair under `var/demo/` — every page then says it is a demo. Builds the site, then runs
 * the relay (`relay/start.ts`), which serves it and keeps testimonies in `var/mail/`.
 *
 * In production, build once (`npm run build`) and run `node src/relay/start.ts` under a
 * service manager instead: see docs/deployment.md.
 */
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { loadSiteConfig } from './config/site.ts';
import { ensureDemoKey } from './keys/demo-key.ts';
import { loadRecipientKeys } from './keys/load.ts';

const DEMO_FOLDER = 'var/demo';

const keysDir = loadSiteConfig().recipientKeysDir;
if ((await loadRecipientKeys(keysDir)).length === 0) {
  const demo = await ensureDemoKey(DEMO_FOLDER);
  process.env.NGAO_KEYS_DIR = DEMO_FOLDER;
  console.log(
    `No key in ${relative(process.cwd(), keysDir)}: using the local DEMO key ${demo.fingerprint}.\n` +
      `Read what the form receives with: npm run inbox -- --key ${relative(process.cwd(), demo.privateKeyFile)}`,
  );
}

console.log('Building the site…');
execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--silent'], { stdio: 'inherit', env: process.env });

await import('./relay/start.ts');
