import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { mkdir, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDemoKey } from '../keys/demo-key.ts';
import { formatFingerprintForReading } from '../keys/fingerprint.ts';
import { loadRecipientKeys, type LoadedRecipientKey } from '../keys/load.ts';

export interface RecipientKeysOptions {
  /** Folder of the organisation's public keys (`*.asc`), e.g. `content/keys`. Relative paths start at the project root. */
  folder: string;
  /**
   * For local runs only (`npm start` without the organisation's key): when `folder`
   * holds no key, use the demo key pair in this folder, generating it on first use
   * (see `keys/demo-key.ts`). Leave unset for production builds, which then fail
   * without a key.
   */
  demoFolder?: string;
}

/** Warn this long before a key expires: time to extend it and redeploy. */
const expiryWarningDays = 60;

function describe(key: LoadedRecipientKey): string {
  const expiry = key.expires ? `expires ${key.expires.toISOString().slice(0, 10)}` : 'no expiry';
  return `${formatFingerprintForReading(key.fingerprint)} (${key.algorithm} ${key.bits}, ${expiry}) ${key.userIDs.join(', ')}`;
}

async function resolveKeys(options: RecipientKeysOptions, command: string, logger: AstroIntegrationLogger): Promise<LoadedRecipientKey[]> {
  const folder = resolve(options.folder);
  const keys = await loadRecipientKeys(folder);
  if (keys.length > 0) return keys;
  if (options.demoFolder) {
    const demo = await ensureDemoKey(options.demoFolder);
    logger.warn(
      `no key in ${relative(process.cwd(), folder) || folder}: ${demo.created ? 'generated' : 'using'} the local DEMO key ${demo.publicKeyFile}. ` +
        'Testimonies sent to this site can be read by anyone holding its private key. Never deploy this build.',
    );
    return loadRecipientKeys(resolve(options.demoFolder));
  }
  const message =
    `No recipient key in ${folder}. The submission form encrypts testimonies to the organisation's public key: ` +
    'export it with `gpg --armor --export <fingerprint> > content/keys/<name>.asc` and build again (docs/message-format.md).';
  if (command === 'build') throw new Error(message);
  logger.warn(message);
  return [];
}

/**
 * Validates the recipient keys when the build starts and publishes them when it ends.
 *
 * At `astro:config:setup` every `*.asc` in the folder is checked (see
 * `keys/validate.ts`); one bad key fails the build with the file and the reason, and a
 * build with no key at all fails too. At `astro:build:done` each key is written to
 * `dist/keys/<FINGERPRINT>.asc`, the address the form fetches it from and people
 * download it from to verify it. In `astro dev` the same URLs are served from memory.
 */
export function recipientKeysIntegration(options: RecipientKeysOptions): AstroIntegration {
  let keys: LoadedRecipientKey[] = [];
  return {
    name: 'ngao:recipient-keys',
    hooks: {
      'astro:config:setup': async ({ command, logger, addWatchFile }) => {
        if (command === 'sync') return;
        try {
          keys = await resolveKeys(options, command, logger);
        } catch (error) {
          logger.error(error instanceof Error ? error.message : String(error));
          throw error;
        }
        const soon = new Date(Date.now() + expiryWarningDays * 86_400_000);
        for (const key of keys) {
          addWatchFile(key.file);
          logger.info(`recipient ${describe(key)}`);
          if (key.expires && key.expires < soon) {
            logger.warn(`${key.file}: the key expires on ${key.expires.toISOString().slice(0, 10)}; extend it and deploy again before then.`);
          }
          if (key.isDemo) logger.warn(`${key.file}: this is a DEMO key (its address ends in .invalid); every page will say so.`);
        }
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((request, response, next) => {
          const match = /^\/keys\/([0-9A-F]{40})\.asc$/.exec(request.url ?? '');
          const key = match && keys.find((candidate) => candidate.fingerprint === match[1]);
          if (!key) return next();
          response.setHeader('Content-Type', 'application/pgp-keys; charset=utf-8');
          response.end(key.armored);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const keyFolder = fileURLToPath(new URL('keys/', dir));
        await mkdir(keyFolder, { recursive: true });
        for (const key of keys) await writeFile(`${keyFolder}${key.fingerprint}.asc`, key.armored);
        logger.info(`published ${keys.length} recipient key${keys.length === 1 ? '' : 's'} in /keys/`);
      },
    },
  };
}
