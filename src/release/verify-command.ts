/**
 * `npm run verify -- <url> [--signer <fingerprint>] [--dist <folder>]`: checks that a
 * live deployment serves exactly a signed release (see `deployment-check.ts`). The
 * pinned signing key comes from this checkout's `content/site.yaml` unless `--signer`
 * names one. Exit code 0: exactly the release; 1: something differs or the signature
 * does not hold; 2: the command was not given what it needs.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { normaliseFingerprint } from '../keys/fingerprint.ts';
import { checkDeployment } from './deployment-check.ts';
import { loadReleaseSigningKey } from './signing-key.ts';

const usage = 'usage: npm run verify -- <https://deployment/> [--signer <fingerprint>] [--dist <local build folder>]';
const { values, positionals } = parseArgs({ allowPositionals: true, options: { signer: { type: 'string' }, dist: { type: 'string' } } });
const stop = (message: string): never => {
  console.error(`verify: ${message}\n${usage}`);
  process.exit(2);
};
const url = positionals[0] ?? stop('give the address of the deployment to check');
if (!/^https?:\/\//.test(url)) stop(`${url} is not an http(s) address`);

let signingKey = null;
let pinned: string;
if (values.signer) {
  pinned = normaliseFingerprint(values.signer);
  if (!/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/.test(pinned)) stop(`--signer ${values.signer}: expected a full fingerprint (40 or 64 hex digits)`);
} else {
  const { siteConfig } = await import('../config/site.ts');
  signingKey = await loadReleaseSigningKey(siteConfig).catch((error: Error) => stop(error.message));
  pinned = signingKey?.fingerprint ?? stop('content/site.yaml pins no releaseSigningKey: pass the organisation\'s release key fingerprint with --signer');
}

const result = await checkDeployment({
  url,
  pinnedFingerprint: pinned,
  signingKey: signingKey?.fingerprint === pinned ? signingKey : null,
  localDist: values.dist ? resolve(values.dist) : undefined,
  progress: (line) => console.log(line),
});

for (const warning of result.warnings) console.log(`warning: ${warning}`);
const origin = new URL(url).origin;
if (result.ok && result.manifest) {
  const { release } = result.manifest;
  console.log(`\nOK: ${origin} serves exactly release ${release.id} (commit ${release.commit ?? 'unknown'}), signed by ${pinned}: ${result.checkedFiles} files, ${result.checkedBytes} bytes.`);
  process.exit(0);
}
console.log(`\nFAILED: ${origin} does not serve ${result.manifest ? `release ${result.manifest.release.id}` : 'a release signed by ' + pinned} exactly. ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:`);
for (const problem of result.problems) console.log(`  - ${problem}`);
process.exit(1);
