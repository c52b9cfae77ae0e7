/**
 * Checks a live deployment against its signed release: the manifest and signature from
 * the deployment's own origin, the signature against the pinned key, then every file the
 * manifest lists, byte for byte, and every same-origin address the pages and scripts
 * refer to, so that nothing a page loads escapes the list. Talks to that one origin only.
 * The shell that prints and sets the exit code is `verify-command.ts`.
 */
import { createHash } from 'node:crypto';
import { compareEntries, describeDifference, manifestEntries, releaseManifestSchema, releasePaths, sha256Hex, type ManifestEntry, type ReleaseManifest } from './manifest.ts';
import { checkManifestSignature } from './signature.ts';
import { readReleaseSigningKey, type ReleaseSigningKey } from './signing-key.ts';

export interface DeploymentCheckOptions {
  /** Any address on the deployment; only its origin is used. */
  url: string;
  /** The fingerprint the signature must come from (from the release, never from the site). */
  pinnedFingerprint: string;
  /** The public key, when the checker has it; otherwise the one the site publishes is used if its fingerprint is the pinned one. */
  signingKey?: ReleaseSigningKey | null;
  /** A local build of the same release to compare with the signed manifest too. */
  localDist?: string | undefined;
  progress?: (line: string) => void;
  concurrency?: number;
}

export interface DeploymentCheckResult {
  ok: boolean;
  manifest: ReleaseManifest | null;
  /** One line per problem, each naming the file and what is wrong. */
  problems: string[];
  /** Things worth knowing that do not change the verdict (a missing Integrity-Policy header). */
  warnings: string[];
  checkedFiles: number;
  checkedBytes: number;
}

/** What a page or script names, as written (relative or absolute URLs, any origin): attributes that load, links, and script string literals naming `.js` files. The caller resolves them against the file's own URL. */
export function loadedReferences(text: string, kind: 'html' | 'script'): { url: string; from: 'load' | 'link' }[] {
  const found: { url: string; from: 'load' | 'link' }[] = [];
  const scriptLiterals = (source: string) => {
    for (const match of source.matchAll(/["'`]((?:\.{1,2}\/|\/)?[\w@.-]+(?:\/[\w@.-]+)*\.m?js)["'`]/g)) {
      const name = match[1]!;
      found.push({ url: name.startsWith('.') || name.startsWith('/') ? name : `/${name}`, from: 'load' });
    }
  };
  if (kind === 'script') {
    scriptLiterals(text);
    return found;
  }
  for (const tag of text.match(/<[a-z][^>]*>/gi) ?? []) {
    const name = /^<([a-z0-9-]+)/i.exec(tag)![1]!.toLowerCase();
    const value = (attr: string) => {
      const match = new RegExp(`\\s${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
      return match ? (match[1] ?? match[2] ?? match[3] ?? '') : null;
    };
    const src = value('src');
    if (src !== null && !src.startsWith('data:')) found.push({ url: src, from: 'load' });
    const srcset = value('srcset');
    if (srcset) for (const part of srcset.split(',')) found.push({ url: part.trim().split(/\s+/)[0]!, from: 'load' });
    const href = value('href');
    if (href !== null && !href.startsWith('data:') && !href.startsWith('mailto:') && !href.startsWith('tel:') && !href.startsWith('#')) {
      const loads = name === 'link' && /\b(?:stylesheet|modulepreload|preload|icon|manifest)\b/i.test(value('rel') ?? '');
      found.push({ url: href, from: loads ? 'load' : 'link' });
    }
  }
  for (const match of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) scriptLiterals(match[1]!);
  return found.map((ref) => ({ ...ref, url: ref.url.replaceAll('&amp;', '&') }));
}

/** The manifest path a same-origin URL path is served from (`/en/` → `/en/index.html`). */
export function servedFile(pathname: string): string {
  const decoded = decodeURIComponent(pathname);
  return decoded.endsWith('/') ? `${decoded}index.html` : decoded;
}

export async function checkDeployment(options: DeploymentCheckOptions): Promise<DeploymentCheckResult> {
  const origin = new URL(options.url).origin;
  const progress = options.progress ?? (() => {});
  const problems: string[] = [];
  const warnings: string[] = [];
  const result = (manifest: ReleaseManifest | null, checkedFiles = 0, checkedBytes = 0): DeploymentCheckResult => ({ ok: problems.length === 0, manifest, problems, warnings, checkedFiles, checkedBytes });

  /** GET on the deployment's origin only. Redirects are not followed: a file must be served at its own address. */
  const get = async (path: string) => {
    const response = await fetch(new URL(path, origin), { redirect: 'manual', headers: { 'Accept-Encoding': 'identity' } });
    return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  progress(`Fetching the manifest and its signature from ${origin}`);
  let manifestResponse, signatureResponse;
  try {
    [manifestResponse, signatureResponse] = await Promise.all([get(releasePaths.manifest), get(releasePaths.signature)]);
  } catch (error) {
    problems.push(`${origin} cannot be reached (${(error as Error).message})`);
    return result(null);
  }
  if (manifestResponse.status !== 200) {
    problems.push(`${releasePaths.manifest}: the deployment answers ${manifestResponse.status}; it publishes no integrity manifest`);
    return result(null);
  }
  if (signatureResponse.status !== 200) {
    problems.push(`${releasePaths.signature}: the deployment answers ${signatureResponse.status}; without the release signature the manifest proves nothing (whoever controls the server can write one)`);
    return result(null);
  }

  let key = options.signingKey ?? null;
  if (!key) {
    const keyResponse = await get(releasePaths.signingKey);
    if (keyResponse.status !== 200) {
      problems.push(`${releasePaths.signingKey}: the deployment answers ${keyResponse.status}, and no local copy of the release key was given`);
      return result(null);
    }
    try {
      key = await readReleaseSigningKey(Buffer.from(keyResponse.bytes).toString('utf8'), options.pinnedFingerprint, releasePaths.signingKey);
    } catch (error) {
      problems.push((error as Error).message);
      return result(null);
    }
  } else if (key.fingerprint !== options.pinnedFingerprint) {
    problems.push(`the release key given has fingerprint ${key.fingerprint}, not the pinned ${options.pinnedFingerprint}`);
    return result(null);
  }
  try {
    await checkManifestSignature(manifestResponse.bytes, Buffer.from(signatureResponse.bytes).toString('utf8'), key);
  } catch (error) {
    problems.push(`${releasePaths.signature}: ${(error as Error).message}`);
    return result(null);
  }
  progress(`Signature good: the manifest is signed by ${key.fingerprint}`);

  let manifest: ReleaseManifest;
  try {
    manifest = releaseManifestSchema.parse(JSON.parse(Buffer.from(manifestResponse.bytes).toString('utf8')));
  } catch (error) {
    problems.push(`${releasePaths.manifest}: signed, but not a manifest this verifier reads (${(error as Error).message})`);
    return result(null);
  }
  if (manifest.release.signingKey !== key.fingerprint) problems.push(`${releasePaths.manifest}: names signing key ${manifest.release.signingKey ?? '(none)'} but is signed by ${key.fingerprint}`);
  progress(`Release ${manifest.release.id} (commit ${manifest.release.commit ?? 'unknown'}): ${manifest.files.length} files`);

  if (options.localDist) {
    const differences = compareEntries(manifest.files, await manifestEntries(options.localDist));
    for (const difference of differences) problems.push(`local build ${options.localDist}: ${describeDifference(difference)}`);
    progress(differences.length === 0 ? `The local build in ${options.localDist} is the same release, file for file` : `The local build in ${options.localDist} differs from the release in ${differences.length} files`);
  }

  const listed = new Map<string, ManifestEntry>(manifest.files.map((entry) => [entry.path, entry]));
  const served = new Map<string, ManifestEntry>();
  const referencedBy = new Map<string, string>();
  let checkedBytes = 0;
  let done = 0;

  const scan = (path: string, bytes: Uint8Array) => {
    const kind = path.endsWith('.html') ? 'html' : /\.m?js$/.test(path) ? 'script' : null;
    if (!kind) return;
    const pageUrl = path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
    for (const ref of loadedReferences(Buffer.from(bytes).toString('utf8'), kind)) {
      let url: URL;
      try {
        url = new URL(ref.url, `${origin}${pageUrl}`);
      } catch {
        continue;
      }
      if (url.origin !== origin) {
        if (ref.from === 'load' && /^https?:$/.test(url.protocol)) problems.push(`${path} loads ${url.href} from another origin`);
        continue;
      }
      const file = servedFile(url.pathname);
      if (!listed.has(file) && !referencedBy.has(file)) referencedBy.set(file, path);
    }
  };

  const check = async (entry: ManifestEntry) => {
    const response = await get(entry.path);
    done += 1;
    if (done % 100 === 0 || done === manifest.files.length) progress(`  checked ${done} of ${manifest.files.length} files`);
    if (response.status !== 200) {
      problems.push(`${entry.path} is in the release but the deployment answers ${response.status}`);
      return;
    }
    checkedBytes += response.bytes.length;
    const actual = { path: entry.path, size: response.bytes.length, sha256: sha256Hex(response.bytes) };
    served.set(entry.path, actual);
    if (actual.sha256 !== entry.sha256 || actual.size !== entry.size) {
      const [difference] = compareEntries([entry], [actual]);
      problems.push(describeDifference(difference!).replace(/this copy/, 'the deployment serves'));
    }
    if (entry.path.endsWith('.html') && entry.path.endsWith('/submit/index.html')) {
      if (!response.headers.get('integrity-policy')) warnings.push(`${entry.path} is served without an Integrity-Policy header: browsers will run scripts that do not match their integrity (docs/deployment.md)`);
    }
    scan(entry.path, response.bytes);
  };

  progress(`Fetching every listed file from ${origin}`);
  const queue = [...manifest.files];
  await Promise.all(
    Array.from({ length: options.concurrency ?? 8 }, async () => {
      for (let entry = queue.shift(); entry; entry = queue.shift()) await check(entry);
    }),
  );

  // What the pages and scripts refer to but the release does not list: a 404 is harmless
  // (a name in library code that is never fetched), anything served is an unlisted file.
  for (const [file, from] of [...referencedBy].sort()) {
    if (listed.has(file)) continue;
    const response = await get(file).catch(() => null);
    if (response && response.status === 200) {
      problems.push(`${file} is served and referenced by ${from}, but is not in the release (${response.bytes.length} bytes, SHA-256 ${createHash('sha256').update(response.bytes).digest('hex')})`);
    }
  }
  return result(manifest, served.size, checkedBytes);
}
