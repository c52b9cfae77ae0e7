import type { Loader } from 'astro/loaders';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/**
 * Loads every `*.yaml` file of a folder as one entry, its id the file name as written.
 *
 * Astro's own YAML parsing (js-yaml, YAML 1.1) turns `2026-13-45` into 14 February 2027
 * without a word: an impossible date becomes a plausible wrong one. Facts here carry
 * review and access dates that readers rely on, so data files are parsed as YAML 1.2,
 * where a date stays text and the schema refuses it. Keeping the name as written (not
 * lower-cased) lets the catalogue refuse a file whose name is not its slug, instead of
 * two files silently merging into one entry.
 */
export function yamlFolderLoader(folder: string): Loader {
  return {
    name: 'ngao:yaml-folder',
    load: async ({ store, parseData, generateDigest, config, watcher }) => {
      const root = new URL('.', config.root).pathname;
      const directory = join(root, folder);
      const files = (await readdir(directory)).filter((name) => name.endsWith('.yaml')).sort();
      store.clear();
      for (const name of files) {
        const filePath = relative(root, join(directory, name));
        const text = await readFile(join(directory, name), 'utf8');
        let raw: unknown;
        try {
          raw = parse(text, { prettyErrors: true });
        } catch (error) {
          throw new Error(`${filePath}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
        }
        const id = name.slice(0, -'.yaml'.length);
        const data = await parseData({ id, data: raw as Record<string, unknown>, filePath });
        store.set({ id, data, filePath, digest: generateDigest(text) });
      }
      watcher?.add(directory);
    },
  };
}
