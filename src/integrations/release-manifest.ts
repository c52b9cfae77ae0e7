import type { AstroIntegration } from 'astro';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRelease } from '../release/identity.ts';
import { manifestEntries, releaseManifestSchema, releasePaths, serialiseManifest } from '../release/manifest.ts';
import { formatFingerprintForReading } from '../keys/fingerprint.ts';

/**
 * Writes the integrity manifest, `/.well-known/ngao/manifest.json`: every file the build
 * serves with its size and SHA-256, and the release identity (commit, content digest,
 * key fingerprints). Also publishes the release signing key's public half beside it.
 * Must be the last integration: any file written after it would be unlisted. The
 * manifest is signed afterwards, offline, by `npm run sign-release`.
 */
export function releaseManifestIntegration(): AstroIntegration {
  return {
    name: 'ngao:release-manifest',
    hooks: {
      'astro:config:setup': async ({ command, logger }) => {
        if (command !== 'build') return;
        try {
          const { identity, signingKey } = await getRelease();
          logger.info(`release ${identity.id} (commit ${identity.commit ?? 'unknown'}, content ${identity.contentDigest.slice(0, 16)})`);
          if (signingKey) logger.info(`release signing key ${formatFingerprintForReading(signingKey.fingerprint)}`);
          else logger.warn('no releaseSigningKey in content/site.yaml: the site cannot be checked against a signed release (docs/verify.md)');
        } catch (error) {
          logger.error(error instanceof Error ? error.message : String(error));
          throw error;
        }
      },
      'astro:build:done': async ({ dir, logger }) => {
        try {
          const site = fileURLToPath(dir);
          const { identity, signingKey } = await getRelease();
          const at = (path: string) => `${site}${path.slice(1)}`;
          await mkdir(dirname(at(releasePaths.manifest)), { recursive: true });
          if (signingKey) await writeFile(at(releasePaths.signingKey), signingKey.armored);
          const files = await manifestEntries(site);
          const manifest = releaseManifestSchema.parse({ schema: 'ngao.release-manifest.v1', release: identity, files });
          await writeFile(at(releasePaths.manifest), serialiseManifest(manifest));
          const bytes = files.reduce((sum, file) => sum + file.size, 0);
          logger.info(`manifest of ${files.length} files (${(bytes / 1e6).toFixed(1)} MB) at ${releasePaths.manifest}${signingKey ? '; sign it with npm run sign-release' : ''}`);
        } catch (error) {
          logger.error(`cannot write the release manifest: ${error instanceof Error ? error.message : String(error)}`);
          throw error;
        }
      },
    },
  };
}
