import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { siteConfigSchema, type SiteConfig } from '../schemas/site.ts';

// Builds, the relay and the tests all run from the project root; bundling moves this
// module, so its own location cannot be used to find the project.
const projectRoot = process.cwd();

/**
 * Reads and validates `content/site.yaml`. `NGAO_KEYS_DIR` overrides the key folder, so
 * that `npm start` can build with a generated demo key and the tests with their own keys
 * without editing the organisation's file.
 */
export function loadSiteConfig(file = resolve(projectRoot, 'content/site.yaml')): SiteConfig & { recipientKeysDir: string } {
  const result = siteConfigSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid site configuration in ${file}:\n${lines.join('\n')}`);
  }
  const recipientKeysDir = resolve(projectRoot, process.env.NGAO_KEYS_DIR || result.data.recipientKeys);
  return { ...result.data, recipientKeysDir };
}

export const siteConfig = loadSiteConfig();
