/**
 * Reading the organisation's recipient keys from a folder (`content/keys/` by default):
 * every `*.asc` file, each checked by `validateRecipientKey`. One bad file stops
 * everything, and the error lists every bad file with its reason, so an operator fixes
 * them all in one go.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateRecipientKey, RecipientKeyError, type RecipientKeyInfo } from './validate.ts';

/** A valid key and the file it came from. */
export interface LoadedRecipientKey extends RecipientKeyInfo {
  /** Path of the `.asc` file, as given to `loadRecipientKeys` plus the file name. */
  file: string;
}

/** One or more key files were refused. `problems` has one "file: reason" line per file. */
export class RecipientKeysError extends Error {
  override name = 'RecipientKeysError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Recipient key${problems.length > 1 ? 's' : ''} refused:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Validates every `*.asc` file in `folder` at `now` and returns the keys in file-name
 * order. A folder that does not exist holds no keys (the caller decides whether that is
 * an error). Other files are ignored, so private keys kept beside a demo key (`*.key`)
 * are never read.
 */
export async function loadRecipientKeys(folder: string, now: Date = new Date()): Promise<LoadedRecipientKey[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.toLowerCase().endsWith('.asc')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new RecipientKeysError([`${folder}: the folder cannot be read (${(error as Error).message})`]);
  }

  const keys: LoadedRecipientKey[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = join(folder, name);
    try {
      keys.push({ ...(await validateRecipientKey(await readFile(file, 'utf8'), now)), file });
    } catch (error) {
      if (!(error instanceof RecipientKeyError)) throw error;
      problems.push(`${file}: ${error.reason}`);
    }
  }
  const seen = new Map<string, string>();
  for (const key of keys) {
    const earlier = seen.get(key.fingerprint);
    if (earlier) problems.push(`${key.file}: it is the same key as ${earlier} (${key.fingerprint}); keep one of the two files.`);
    seen.set(key.fingerprint, key.file);
  }
  if (problems.length > 0) throw new RecipientKeysError(problems);
  return keys;
}
