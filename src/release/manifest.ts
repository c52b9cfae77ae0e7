/**
 * The integrity manifest: what a build serves, file by file (path, size, SHA-256), and
 * which release it is. The organisation signs it with an offline key (`npm run
 * sign-release`); `npm run verify` checks a deployment against it. Built from a folder
 * so that the build, the signer and the verifier all describe a site the same way.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'astro/zod';

/** Where every build publishes the manifest, its signature and the public signing key. */
export const releasePaths = {
  manifest: '/.well-known/ngao/manifest.json',
  signature: '/.well-known/ngao/manifest.json.asc',
  signingKey: '/.well-known/ngao/release-key.asc',
} as const;

const fingerprintSchema = z.string().regex(/^(?:[0-9A-F]{40}|[0-9A-F]{64})$/, 'expected a v4 (40) or v6 (64) hex OpenPGP fingerprint in capitals');

/** What the build was made from: the same identity builds the same bytes (docs/verify.md). */
export const releaseIdentitySchema = z.strictObject({
  /** Short name of the release: the first 16 hex digits of the SHA-256 of the other fields, as the submit page shows it. */
  id: z.string().regex(/^[0-9a-f]{16}$/),
  /** The git commit of the code, or null when the build ran outside a git checkout. */
  commit: z.string().regex(/^[0-9a-f]{40,64}$/).nullable(),
  /** SHA-256 over every file of `content/` and of the recipient-key folder (path and bytes). */
  contentDigest: z.string().regex(/^[0-9a-f]{64}$/),
  /** Fingerprints of the recipient keys the form encrypts to. */
  recipientKeys: z.array(fingerprintSchema).min(1),
  /** Fingerprint of the key that signs this manifest (`releaseSigningKey` in site.yaml), or null for an unsigned site. */
  signingKey: fingerprintSchema.nullable(),
  /** `SOURCE_DATE_EPOCH` as the build saw it, or null (dates then come from the content). */
  sourceDateEpoch: z.string().nullable(),
});
export type ReleaseIdentity = z.infer<typeof releaseIdentitySchema>;

export const manifestEntrySchema = z.strictObject({
  /** URL path of the file as served, e.g. `/en/submit/index.html`. */
  path: z.string().startsWith('/'),
  /** Size in bytes, before any HTTP compression. */
  size: z.number().int().nonnegative(),
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export const releaseManifestSchema = z.strictObject({
  schema: z.literal('ngao.release-manifest.v1'),
  release: releaseIdentitySchema,
  /** Every file the site serves except the manifest and its signature, sorted by path (code-point order). */
  files: z.array(manifestEntrySchema),
});
export type ReleaseManifest = z.infer<typeof releaseManifestSchema>;

export const sha256Hex = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Code-point order, the same on every machine and locale (localeCompare is not). */
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every file under `folder` as [relative path with `/` separators, absolute path], in code-point order. */
export async function filesUnder(folder: string): Promise<[string, string][]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry): [string, string] => {
      const absolute = join(entry.parentPath, entry.name);
      return [relative(folder, absolute).split(sep).join('/'), absolute];
    })
    .sort(([a], [b]) => byCodePoint(a, b));
}

/** SHA-256 over `<sha256>  <label>/<path>` lines of each folder's files: a digest of the inputs that does not depend on where they sit. */
export async function folderDigest(folders: readonly { label: string; path: string }[]): Promise<string> {
  const lines: string[] = [];
  for (const { label, path } of folders) {
    for (const [name, absolute] of await filesUnder(path)) lines.push(`${sha256Hex(await readFile(absolute))}  ${label}/${name}`);
  }
  return sha256Hex(lines.join('\n'));
}

/** The release id: what the submit page prints and the verifier's verdict names. */
export function releaseId(identity: Omit<ReleaseIdentity, 'id'>): string {
  const canonical = JSON.stringify([identity.commit, identity.contentDigest, [...identity.recipientKeys].sort(byCodePoint), identity.signingKey, identity.sourceDateEpoch]);
  return sha256Hex(canonical).slice(0, 16);
}

const excluded = new Set<string>([releasePaths.manifest, releasePaths.signature]);

/** The manifest entries of a built site folder: every file but the manifest and its signature. */
export async function manifestEntries(siteDir: string): Promise<ManifestEntry[]> {
  const files: ManifestEntry[] = [];
  for (const [name, absolute] of await filesUnder(siteDir)) {
    const path = `/${name}`;
    if (excluded.has(path)) continue;
    const bytes = await readFile(absolute);
    files.push({ path, size: bytes.length, sha256: sha256Hex(bytes) });
  }
  return files;
}

/** The manifest as written: two-space JSON with a final newline, so it diffs well and hashes the same everywhere. */
export function serialiseManifest(manifest: ReleaseManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export type FileDifference =
  | { kind: 'changed'; path: string; expected: ManifestEntry; actual: ManifestEntry }
  | { kind: 'missing'; path: string; expected: ManifestEntry }
  | { kind: 'unlisted'; path: string; actual: ManifestEntry };

/** How `actual` differs from `expected`, file by file, in path order. */
export function compareEntries(expected: readonly ManifestEntry[], actual: readonly ManifestEntry[]): FileDifference[] {
  const found = new Map(actual.map((entry) => [entry.path, entry]));
  const differences: FileDifference[] = [];
  for (const entry of expected) {
    const other = found.get(entry.path);
    found.delete(entry.path);
    if (!other) differences.push({ kind: 'missing', path: entry.path, expected: entry });
    else if (other.sha256 !== entry.sha256 || other.size !== entry.size) differences.push({ kind: 'changed', path: entry.path, expected: entry, actual: other });
  }
  for (const entry of found.values()) differences.push({ kind: 'unlisted', path: entry.path, actual: entry });
  return differences.sort((a, b) => byCodePoint(a.path, b.path));
}

/** One line a person reads for a difference. */
export function describeDifference(difference: FileDifference): string {
  switch (difference.kind) {
    case 'changed':
      return `${difference.path} differs: the release has ${difference.expected.size} bytes with SHA-256 ${difference.expected.sha256}, this copy ${difference.actual.size} bytes with SHA-256 ${difference.actual.sha256}`;
    case 'missing':
      return `${difference.path} is in the release but missing here`;
    case 'unlisted':
      return `${difference.path} is here but not in the release (${difference.actual.size} bytes, SHA-256 ${difference.actual.sha256})`;
  }
}
