// The relay over real HTTP: how it serves the site (compression, caching, 404 pages,
// paths that try to leave the site folder) and how the API answers each kind of request.
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../src/security/headers.ts';
import { encryptArmoured } from '../../support/encrypt.ts';
import { rawRequest, streamingRequest } from '../../support/http.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { startRelayInProcess, type InProcessRelay } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';

let organisation: TestRecipient;
let stranger: TestRecipient;
let site: string;
let relay: InProcessRelay;
const onion = `http://${'b'.repeat(56)}.onion`;

beforeAll(async () => {
  [organisation, stranger] = await Promise.all([makeRecipient('Organisation'), makeRecipient('Stranger')]);
  site = makeSiteFolder([organisation]);
  relay = await startRelayInProcess({
    SITE_DIR: site,
    MAILDIR: temporaryFolder('maildir'),
    ONION_LOCATION: onion,
    MAX_BODY_SIZE: '256KiB',
    RATE_LIMIT_PER_HOUR: '0',
  });
});

afterAll(async () => {
  await relay.close();
});

function expectSecurityHeaders(headers: Headers | RawResponseHeaders): void {
  for (const [name, value] of Object.entries(securityHeaders)) {
    const actual = headers instanceof Headers ? headers.get(name) : headers[name.toLowerCase()];
    expect(actual, name).toBe(value);
  }
  const cookie = headers instanceof Headers ? headers.get('set-cookie') : headers['set-cookie'];
  expect(cookie).toBeFalsy();
}
type RawResponseHeaders = Record<string, string | string[] | undefined>;

async function submit(body: string | Uint8Array<ArrayBuffer>, contentType = 'application/pgp-encrypted', base = relay.url): Promise<Response> {
  return fetch(`${base}/api/submissions`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
}

const queued = (target: InProcessRelay = relay) => readdirSync(join(target.config.maildir, 'new'));

describe('the static site', () => {
  it('serves pages with the security headers, Brotli or gzip, an ETag and revalidation', async () => {
    const original = readFileSync(join(site, 'en/index.html'));
    const brotli = await rawRequest(relay.url, { path: '/en/', headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(brotli.status).toBe(200);
    expectSecurityHeaders(brotli.headers);
    expect(brotli.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['vary']).toBe('Accept-Encoding');
    expect(brotli.headers['cache-control']).toBe('no-cache');
    expect(Number(brotli.headers['content-length'])).toBe(brotli.body.length);
    expect(brotli.body.length).toBeLessThan(original.length / 5);
    expect(brotliDecompressSync(brotli.body).equals(original)).toBe(true);

    const gzip = await rawRequest(relay.url, { path: '/en/', headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(original)).toBe(true);

    const identity = await rawRequest(relay.url, { path: '/en/' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(original)).toBe(true);

    const revalidated = await rawRequest(relay.url, { path: '/en/', headers: { 'If-None-Match': String(brotli.headers['etag']) } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.body.length).toBe(0);

    const head = await rawRequest(relay.url, { method: 'HEAD', path: '/en/', headers: { 'Accept-Encoding': 'br' } });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(brotli.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('caches hashed assets for a year, never the submission pages, whatever the spelling of the path', async () => {
    expect((await rawRequest(relay.url, { path: '/_astro/page.Ab12Cd34.js' })).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const path of ['/en/submit/', '/en/submit/received/', '/en/%73ubmit/']) {
      const response = await rawRequest(relay.url, { path });
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'], path).toBe('no-store');
    }
  });

  it("sends Pagefind's own gzip files gzip-encoded, byte for byte, and caches its hashed files for a year", async () => {
    const path = '/pagefind/fragment/en_5d6e7f8.pf_fragment';
    const written = readFileSync(join(site, path));
    const encoded = await rawRequest(relay.url, { path, headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(encoded.status).toBe(200);
    expect(encoded.headers['content-type']).toBe('application/octet-stream');
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(encoded.headers['vary']).toBe('Accept-Encoding');
    expect(Number(encoded.headers['content-length'])).toBe(written.length);
    expect(encoded.body.equals(written)).toBe(true);
    // What the browser hands Pagefind: its data behind the signature it looks for.
    expect(gunzipSync(encoded.body).subarray(0, 12).toString()).toBe('pagefind_dcd');
    expect(encoded.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    // A client without gzip gets the file as written; Pagefind inflates it itself.
    const plain = await rawRequest(relay.url, { path });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(plain.body.equals(written)).toBe(true);

    // Only a gzip stream is labelled as one.
    const notGzip = await rawRequest(relay.url, { path: '/pagefind/filter/en_9a8b7c6.pf_filter', headers: { 'Accept-Encoding': 'gzip' } });
    expect(notGzip.headers['content-encoding']).toBeUndefined();
    expect(notGzip.body.toString()).toBe('not a gzip stream');

    const wasm = await rawRequest(relay.url, { path: '/pagefind/wasm.en.pagefind', headers: { 'Accept-Encoding': 'gzip' } });
    expect(wasm.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(wasm.body).toString()).toBe('pagefind_dcd\0asm');

    // Hashed names never change content; the script and WebAssembly keep their names across builds.
    const cacheControl = async (p: string) => (await rawRequest(relay.url, { path: p })).headers['cache-control'];
    expect(await cacheControl('/pagefind/index/en_1a2b3c4.pf_index')).toBe('public, max-age=31536000, immutable');
    expect(await cacheControl('/pagefind/pagefind.en_0a1b2c3d4e.pf_meta')).toBe('public, max-age=31536000, immutable');
    expect(await cacheControl('/pagefind/wasm.en.pagefind')).toBe('no-cache');
    expect(await cacheControl('/pagefind/pagefind.js')).toBe('no-cache');
  });

  it('adds Onion-Location to pages only', async () => {
    expect((await rawRequest(relay.url, { path: '/en/?q=1' })).headers['onion-location']).toBe(`${onion}/en/?q=1`);
    expect((await rawRequest(relay.url, { path: '/_astro/page.Ab12Cd34.js' })).headers['onion-location']).toBeUndefined();
  });

  it('redirects a folder URL to its trailing-slash form, and serves keys and data with their types', async () => {
    const redirect = await rawRequest(relay.url, { path: '/en?x=1' });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/en/?x=1');
    const key = await rawRequest(relay.url, { path: `/keys/${organisation.fingerprint}.asc` });
    expect(key.status).toBe(200);
    expect(key.headers['content-type']).toBe('application/pgp-keys');
    expect(key.body.toString()).toBe(organisation.armoredPublicKey);
    expect((await rawRequest(relay.url, { path: '/data/countries.json' })).headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it("answers unknown pages with the language's 404 page, else the site's", async () => {
    const english = await rawRequest(relay.url, { path: '/en/no-such-page/' });
    expect(english.status).toBe(404);
    expect(english.body.toString()).toContain('en 404');
    expectSecurityHeaders(english.headers);
    const portuguese = await rawRequest(relay.url, { path: '/pt/nada/' });
    expect(portuguese.status).toBe(404);
    expect(portuguese.body.toString()).toContain('pt 404');
    const french = await rawRequest(relay.url, { path: '/fr/nulle-part/' });
    expect(french.status).toBe(404);
    expect(french.body.toString()).toContain('site 404');
    expect((await rawRequest(relay.url, { path: '/nowhere' })).body.toString()).toContain('site 404');
  });

  it('never serves anything outside the site folder, nor hidden files, nor redirects off-site', async () => {
    writeFileSync(join(site, '..', 'secret.txt'), 'outside the site');
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/en/..%2f..%2fsecret.txt',
      '/en/%2e%2e%5c%2e%2e%5csecret.txt',
      '/..%00/secret.txt',
      '/%E0%A4%A/',
      '//evil.example/',
      '//en',
      '/.git/config',
      '/en/.hidden',
      '\\..\\secret.txt',
    ];
    for (const path of attempts) {
      const response = await rawRequest(relay.url, { path });
      expect([400, 404], path).toContain(response.status);
      expect(response.body.toString(), path).not.toContain('outside the site');
      expect(response.headers.location, path).toBeUndefined();
    }
  });

  it('refuses other methods on site paths', async () => {
    const response = await rawRequest(relay.url, { method: 'DELETE', path: '/en/' });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
  });
});

describe('the API', () => {
  it('acknowledges a valid submission with 202 { id }, stores it, and logs only id, size and outcome', async () => {
    const armoured = await encryptArmoured('a testimony with canary-7f3a', [organisation.publicKey]);
    const response = await submit(armoured);
    expect(response.status).toBe(202);
    expectSecurityHeaders(response.headers);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { id } = (await response.json()) as { id: string };
    expect(queued().some((name) => name.includes(id))).toBe(true);
    const line = relay.log.submissions.find((entry) => entry.id === id);
    expect(line).toEqual({ id, size: armoured.length, outcome: 'accepted' });
    for (const text of relay.log.lines) {
      expect(text).not.toMatch(/127\.0\.0\.1|::1|canary|BEGIN PGP|user-agent/i);
      expect(Object.keys(JSON.parse(text) as object).sort()).toSatisfy(
        (keys: string[]) => keys.join() === 'id,outcome,size' || keys.includes('event'),
      );
    }
  });

  it('answers each refusal with its status and stable code, and stores nothing', async () => {
    const before = queued().length;
    const cases: [string, Response, number, string][] = [
      ['wrong content type', await submit('-----BEGIN PGP MESSAGE-----', 'text/plain'), 415, 'unsupported_media_type'],
      ['random bytes', await submit(crypto.getRandomValues(new Uint8Array(2000))), 400, 'not_openpgp'],
      ['another key', await submit(await encryptArmoured('x', [stranger.publicKey])), 422, 'wrong_recipients'],
      ['not found', await fetch(`${relay.url}/api/nothing`), 404, 'not_found'],
      ['wrong method', await fetch(`${relay.url}/api/submissions`), 405, 'method_not_allowed'],
    ];
    for (const [name, response, status, code] of cases) {
      expect(response.status, name).toBe(status);
      expect(response.headers.get('content-type'), name).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control'), name).toBe('no-store');
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code, name).toBe(code);
      expect(body.error.message.length, name).toBeGreaterThan(10);
    }
    expect(queued().length).toBe(before);
  });

  it('refuses an oversized body from its Content-Length at once, and a chunked one as soon as it passes the limit', async () => {
    const before = queued().length;
    const declared = await rawRequest(relay.url, {
      method: 'POST',
      path: '/api/submissions',
      headers: { 'Content-Type': 'application/pgp-encrypted', 'Content-Length': String(300 * 1024) },
      body: Buffer.alloc(300 * 1024, 0x41),
    });
    expect(declared.status).toBe(413);
    expect((JSON.parse(declared.body.toString()) as { error: { code: string } }).error.code).toBe('too_large');

    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const streamed = await streamingRequest(relay.url, {
      path: '/api/submissions',
      headers: { 'Content-Type': 'application/pgp-encrypted' },
      chunk,
      chunks: 64, // 4 MiB offered against a 256 KiB limit
      pauseMs: 5,
    });
    expect(streamed.status).toBe(413);
    // The relay stopped reading shortly after the limit, not at the end of the body.
    expect(streamed.chunksSent).toBeLessThan(32);
    expect(queued().length).toBe(before);
  });

  it('answers 503 while the spool cannot be written, acknowledging nothing, then recovers', async () => {
    const broken = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), RATE_LIMIT_PER_HOUR: '0' });
    try {
      const tmp = join(broken.config.maildir, 'tmp');
      rmSync(tmp, { recursive: true });
      writeFileSync(tmp, 'the disk is gone');
      const armoured = await encryptArmoured('x', [organisation.publicKey]);
      const refused = await submit(armoured, undefined, broken.url);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('spool_unavailable');
      expect(queued(broken)).toEqual([]);

      rmSync(tmp);
      const newFolder = join(broken.config.maildir, 'new');
      if (process.getuid?.() !== 0) {
        // A folder without write permission (root would write anyway, so only when not root).
        chmodSync(newFolder, 0o500);
        expect((await submit(armoured, undefined, broken.url)).status).toBe(503);
        chmodSync(newFolder, 0o700);
      }
      await broken.spool.prepare();
      expect((await submit(armoured, undefined, broken.url)).status).toBe(202);
      expect(queued(broken)).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });

  it('rate-limits per client with 429 and Retry-After', async () => {
    const limited = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_HOUR: '6' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await submit('not even armour', undefined, limited.url)).status);
      expect(statuses).toEqual([400, 400, 429]);
      const response = await submit('not even armour', undefined, limited.url);
      expect(response.headers.get('retry-after')).toBe('600');
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('answers 503 busy when the bytes in flight would exceed the memory budget', async () => {
    const tight = await startRelayInProcess({
      SITE_DIR: site,
      MAILDIR: temporaryFolder('maildir'),
      MAX_BODY_SIZE: '64KiB',
      MAX_BUFFERED_SIZE: '100KiB',
      RATE_LIMIT_PER_HOUR: '0',
    });
    try {
      // A slow upload holds what it has sent so far (40 KiB after its second chunk), not
      // what it declared: the budget follows bytes received.
      const slow = streamingRequest(tight.url, {
        path: '/api/submissions',
        headers: { 'Content-Type': 'application/pgp-encrypted', 'Content-Length': String(60 * 1024) },
        chunk: Buffer.alloc(20 * 1024, 0x41),
        chunks: 3,
        pauseMs: 600,
      });
      await new Promise((resolve) => setTimeout(resolve, 800));
      const second = await rawRequest(tight.url, {
        method: 'POST',
        path: '/api/submissions',
        headers: { 'Content-Type': 'application/pgp-encrypted', 'Content-Length': String(64 * 1024) },
        body: Buffer.alloc(64 * 1024, 0x41),
      });
      expect(second.status).toBe(503);
      expect((JSON.parse(second.body.toString()) as { error: { code: string } }).error.code).toBe('busy');
      expect((await slow).status).toBe(400); // it was not OpenPGP, but it was read
    } finally {
      await tight.close();
    }
  });

  it('reports health to the operator on this machine: liveness and spool depth, never cached', async () => {
    const response = await fetch(`${relay.url}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const health = (await response.json()) as { status: string; spool: { queued: number }; delivery: { mode: string } };
    expect(health).toEqual({ status: 'ok', spool: { queued: queued().length }, delivery: { mode: 'maildir' } });
  });

  it('tells anyone else only that it is up: forwarded requests, with or without TRUST_PROXY, and HEALTH_DETAILS=off', async () => {
    const publicAnswer = async (base: string, headers: Record<string, string> = {}) => {
      const response = await rawRequest(base, { path: '/api/health', headers });
      expect(response.status).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      return JSON.parse(response.body.toString()) as unknown;
    };
    const proxied = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), TRUST_PROXY: 'on' });
    const closed = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), HEALTH_DETAILS: 'off' });
    try {
      for (const base of [relay.url, proxied.url]) {
        // A proxy on this machine passing on a visitor's request, even a visitor on loopback.
        for (const forwarded of ['203.0.113.9', '127.0.0.1']) {
          expect(await publicAnswer(base, { 'X-Forwarded-For': forwarded }), `${base} ${forwarded}`).toEqual({ status: 'ok' });
        }
        expect(await publicAnswer(base, { Forwarded: 'for=127.0.0.1' })).toEqual({ status: 'ok' });
      }
      // Directly from this machine, the proxied relay still answers its operator.
      expect(await publicAnswer(proxied.url)).toHaveProperty('spool.queued', 0);
      expect(await publicAnswer(closed.url)).toEqual({ status: 'ok' });
    } finally {
      await Promise.all([proxied.close(), closed.close()]);
    }
  });

  // A real connection from another address needs an interface other than loopback.
  const externalAddress = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;
  it.skipIf(externalAddress === undefined)('tells a client connecting from another address only that it is up', async () => {
    const exposed = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), HOST: '0.0.0.0' });
    try {
      const port = new URL(exposed.url).port;
      const remote = await rawRequest(`http://${externalAddress}:${port}`, { path: '/api/health' });
      expect(remote.status).toBe(200);
      expect(JSON.parse(remote.body.toString())).toEqual({ status: 'ok' });
      const local = await rawRequest(exposed.url, { path: '/api/health' });
      expect(JSON.parse(local.body.toString())).toHaveProperty('spool.queued', 0);
    } finally {
      await exposed.close();
    }
  });

  it('answers CORS preflights only for the configured origins', async () => {
    const cors = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), CORS_ORIGINS: 'https://ngao.example.org' });
    try {
      const preflight = (origin: string) =>
        fetch(`${cors.url}/api/submissions`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
        });
      const allowed = await preflight('https://ngao.example.org');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ngao.example.org');
      expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
      const other = await preflight('https://elsewhere.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cors.close();
    }
  });
});
