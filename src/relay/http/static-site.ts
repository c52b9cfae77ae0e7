import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { getMimeType, mimes } from 'hono/utils/mime';

/**
 * Serves the built site (`SITE_DIR`) the way the performance budgets assume a
 * production server does: compressed (Brotli, else gzip) for text, Pagefind's own gzip
 * files sent as gzip-encoded, `index.html` for folder URLs, the visitor's language's 404
 * page, long caching only for hashed assets and no caching at all for the submission
 * pages.
 *
 * Compressed bodies are kept in a bounded in-memory cache keyed by file, size and
 * modification time, so each file is compressed once at the strongest level and a new
 * deploy is picked up without a restart.
 */

const contentTypes: Record<string, string> = {
  ...mimes,
  asc: 'application/pgp-keys',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  // Pagefind's WebAssembly, index, filters, fragments and metadata: see PAGEFIND_GZIP_FILES.
  pagefind: 'application/octet-stream',
  pf_filter: 'application/octet-stream',
  pf_fragment: 'application/octet-stream',
  pf_index: 'application/octet-stream',
  pf_meta: 'application/octet-stream',
};

/**
 * Pagefind writes these files as gzip streams and, by default, inflates them itself in
 * JavaScript. Sent with `Content-Encoding: gzip`, the same bytes travel, the browser
 * inflates them natively as they arrive, and Pagefind, seeing its decompressed signature,
 * skips its own inflate: that inflate was a large share of a first search's time.
 */
const PAGEFIND_GZIP_FILES = new Set(['pagefind', 'pf_filter', 'pf_fragment', 'pf_index', 'pf_meta']);

const COMPRESSIBLE = /^(?:text\/|application\/(?:javascript|json|manifest\+json|xml|pgp-keys|wasm)|image\/svg\+xml)/;
/** Larger files are streamed as they are; the site has none that would benefit. */
const MAX_COMPRESSED_FILE = 8 * 1024 * 1024;

/** `Cache-Control` for a successful response at `pathname`. */
export function cacheControlFor(pathname: string): string {
  if (pathname.startsWith('/api/')) return 'no-store';
  // The form pages (`/en/submit/`, `/en/submit/received/`, …): nothing a person typed or
  // saw there may be kept by the browser or a proxy.
  if (/^\/(?:[a-z]{2,3}(?:-[A-Za-z0-9]+)?\/)?submit(?:\/|$)/.test(pathname)) return 'no-store';
  // Astro puts a content hash in every file name under /_astro/: they never change.
  if (pathname.startsWith('/_astro/')) return 'public, max-age=31536000, immutable';
  // So does Pagefind in the names of its index chunks, filters, fragments and metadata
  // (`pagefind-entry.json` names the current ones). Its script, worker and WebAssembly
  // keep their names from build to build, so they are revalidated like pages.
  if (/^\/pagefind\/(?:(?:index|filter|fragment)\/[^/]+|pagefind\.[^/]+\.pf_meta)$/.test(pathname)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

export type SitePath = { ok: true; segments: string[]; folder: boolean } | { ok: false };

/**
 * Turns the raw (percent-encoded) URL path into path segments inside the site folder,
 * or refuses it. Refused: `.` and `..` segments, empty segments (`//`, which would also
 * make a protocol-relative redirect), back-slashes, NUL, undecodable escapes, and dot
 * files other than `/.well-known/`.
 */
export function sitePathFor(rawPathname: string): SitePath {
  if (!rawPathname.startsWith('/')) return { ok: false };
  const folder = rawPathname.endsWith('/');
  const parts = rawPathname.slice(1, folder ? -1 : undefined);
  if (parts === '') return { ok: true, segments: [], folder: true };
  const segments: string[] = [];
  for (const encoded of parts.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      return { ok: false };
    }
    if (segment === '' || segment === '.' || segment === '..') return { ok: false };
    if (/[/\\\0]/.test(segment)) return { ok: false };
    if (segment.startsWith('.') && !(segments.length === 0 && segment === '.well-known')) return { ok: false };
    segments.push(segment);
  }
  return { ok: true, segments, folder };
}

type Encoding = 'br' | 'gzip' | 'identity';

/** Whether an `Accept-Encoding` header accepts `encoding` (its own entry, else `*`, with q > 0). */
export function acceptsEncoding(acceptEncoding: string | undefined, encoding: Exclude<Encoding, 'identity'>): boolean {
  if (!acceptEncoding) return false;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  return (accepted.get(encoding) ?? accepted.get('*') ?? 0) > 0;
}

/** The best encoding the client accepts: Brotli, then gzip. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  if (acceptsEncoding(acceptEncoding, 'br')) return 'br';
  if (acceptsEncoding(acceptEncoding, 'gzip')) return 'gzip';
  return 'identity';
}

const compressWithBrotli = promisify(brotliCompress);
const compressWithGzip = promisify(gzip);

async function compress(data: Buffer, encoding: Exclude<Encoding, 'identity'>): Promise<Buffer> {
  if (encoding === 'br') {
    return compressWithBrotli(data, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: data.length <= 1024 * 1024 ? 11 : 6,
        [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
  }
  return compressWithGzip(data, { level: 9 });
}

export interface SiteRequest {
  method: string;
  /** Raw path as it came in the request line, still percent-encoded. */
  pathname: string;
  search: string;
  acceptEncoding: string | undefined;
  ifNoneMatch: string | undefined;
}

interface FoundFile {
  path: string;
  size: number;
  mtimeMs: number;
}

export class StaticSite {
  readonly root: string;
  readonly #onionLocation: string | null;
  readonly #cacheLimit: number;
  #cacheBytes = 0;
  readonly #cache = new Map<string, { bytes: Buffer; encoding: Encoding }>();

  constructor(options: { root: string; onionLocation?: string | null; cacheBytes?: number }) {
    this.root = options.root;
    this.#onionLocation = options.onionLocation ?? null;
    this.#cacheLimit = options.cacheBytes ?? 32 * 1024 * 1024;
  }

  async respond(request: SiteRequest): Promise<Response> {
    const path = sitePathFor(request.pathname);
    if (!path.ok) return this.notFound(request, []);

    const target = join(this.root, ...path.segments);
    const info = await stat(target).catch(() => undefined);
    let file: FoundFile | undefined;
    if (info?.isDirectory()) {
      if (!path.folder) {
        // Same URL with its trailing slash, as the site's links write it. The path was
        // checked above: it starts with one "/" and has no empty segment, so this
        // Location cannot point to another host.
        return new Response(null, {
          status: 308,
          headers: { Location: `${request.pathname}/${request.search}`, 'Cache-Control': 'no-cache' },
        });
      }
      const index = join(target, 'index.html');
      const indexInfo = await stat(index).catch(() => undefined);
      if (indexInfo?.isFile()) file = { path: index, size: indexInfo.size, mtimeMs: indexInfo.mtimeMs };
    } else if (info?.isFile() && !path.folder) {
      file = { path: target, size: info.size, mtimeMs: info.mtimeMs };
    }
    if (!file) return this.notFound(request, path.segments);
    // Decide caching on the decoded path, so that "/en/%73ubmit/" is the submit page here too.
    const decoded = `/${path.segments.join('/')}${path.folder && path.segments.length > 0 ? '/' : ''}`;
    return this.#serve(request, file, 200, cacheControlFor(decoded));
  }

  /** The 404 page of the language in the first path segment (`/fr/404/` as Astro builds it, or `/fr/404.html`) if the site has one, else `/404.html`. */
  async notFound(request: SiteRequest, segments: readonly string[]): Promise<Response> {
    const candidates = segments.length > 0 && /^[a-z]{2,3}(?:-[A-Za-z0-9]+)?$/.test(segments[0]!)
      ? [join(this.root, segments[0]!, '404', 'index.html'), join(this.root, segments[0]!, '404.html'), join(this.root, '404.html')]
      : [join(this.root, '404.html')];
    for (const candidate of candidates) {
      const info = await stat(candidate).catch(() => undefined);
      if (info?.isFile()) return this.#serve(request, { path: candidate, size: info.size, mtimeMs: info.mtimeMs }, 404, 'no-store');
    }
    return new Response('Not found\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  }

  async #serve(request: SiteRequest, file: FoundFile, status: 200 | 404, cacheControl: string): Promise<Response> {
    const extension = /\.([A-Za-z0-9_]+)$/.exec(file.path)?.[1]?.toLowerCase() ?? '';
    const contentType = contentTypes[extension] ?? getMimeType(file.path) ?? 'application/octet-stream';
    const compressible = COMPRESSIBLE.test(contentType) && file.size <= MAX_COMPRESSED_FILE;
    const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
    const headers = new Headers({ 'Content-Type': contentType, 'Cache-Control': cacheControl });
    if (status === 200) headers.set('ETag', etag);
    const pagefindGzip = PAGEFIND_GZIP_FILES.has(extension);
    if (compressible || pagefindGzip) headers.set('Vary', 'Accept-Encoding');
    if (this.#onionLocation && contentType.startsWith('text/html')) {
      headers.set('Onion-Location', `${this.#onionLocation}${request.pathname}${request.search}`);
    }

    if (status === 200 && request.ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
      return new Response(null, { status: 304, headers });
    }

    const head = request.method === 'HEAD';
    if (pagefindGzip && acceptsEncoding(request.acceptEncoding, 'gzip')) {
      const { bytes } = await this.#body(file, 'identity');
      // Only a real gzip stream may be labelled as one; anything else goes out as it is.
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        headers.set('Content-Encoding', 'gzip');
        headers.set('Content-Length', String(bytes.length));
        return new Response(head ? null : new Uint8Array(bytes), { status, headers });
      }
    }
    if (!compressible) {
      headers.set('Content-Length', String(file.size));
      const body = head ? null : (Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>);
      return new Response(body, { status, headers });
    }

    const encoding = chooseEncoding(request.acceptEncoding);
    const body = await this.#body(file, encoding);
    if (body.encoding !== 'identity') headers.set('Content-Encoding', body.encoding);
    headers.set('Content-Length', String(body.bytes.length));
    return new Response(head ? null : new Uint8Array(body.bytes), { status, headers });
  }

  /** The file's bytes in `encoding`, from the cache when possible; identity if compression would not help. */
  async #body(file: FoundFile, encoding: Encoding): Promise<{ bytes: Buffer; encoding: Encoding }> {
    const key = `${file.path}\0${file.size}\0${file.mtimeMs}\0${encoding}`;
    const cached = this.#cache.get(key);
    if (cached) {
      // Re-inserting keeps the map in least-recently-used order.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    const original = await readFile(file.path);
    let bytes: Buffer = original;
    let used = encoding;
    if (encoding !== 'identity') {
      const compressed = await compress(original, encoding);
      if (compressed.length < original.length) bytes = compressed;
      else used = 'identity';
    }
    const body = { bytes, encoding: used };
    this.#remember(key, body);
    return body;
  }

  #remember(key: string, body: { bytes: Buffer; encoding: Encoding }): void {
    if (body.bytes.length > this.#cacheLimit / 4) return;
    this.#cache.set(key, body);
    this.#cacheBytes += body.bytes.length;
    for (const [oldKey, old] of this.#cache) {
      if (this.#cacheBytes <= this.#cacheLimit) break;
      this.#cache.delete(oldKey);
      this.#cacheBytes -= old.bytes.length;
    }
  }
}
