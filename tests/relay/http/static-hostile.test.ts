// The static site under attack, over real HTTP: generated path encodings that try to
// leave the site folder (percent-encoding, double encoding, overlong UTF-8, back-slashes,
// NUL), symlinks inside the site folder that point out of it, odd methods, and oversized
// headers. Nothing from outside the folder may come back, and nothing may echo a request.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../support/http.ts';
import { makeRecipient } from '../../support/keys.ts';
import { startRelayInProcess, type InProcessRelay } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';

const canary = 'CANARY-outside-the-site';
let relay: InProcessRelay;
let site: string;

beforeAll(async () => {
  site = makeSiteFolder([await makeRecipient('Organisation')]);
  // A secret next to the site folder and one far from it, reachable only by leaving the folder.
  const outside = temporaryFolder('outside');
  writeFileSync(join(dirname(site), 'secret.txt'), canary);
  writeFileSync(join(outside, 'secret.txt'), canary);
  mkdirSync(join(outside, 'folder'));
  writeFileSync(join(outside, 'folder', 'index.html'), canary);
  // Symlinks a careless build or a contributed public/ file could leave in dist/.
  symlinkSync(join(outside, 'secret.txt'), join(site, 'linked.txt'));
  symlinkSync(join(outside, 'folder'), join(site, 'linked-folder'));
  mkdirSync(join(site, 'xx'));
  symlinkSync(join(outside, 'secret.txt'), join(site, 'xx', '404.html'));
  // A symlink that stays inside the site folder is an ordinary file.
  writeFileSync(join(site, 'inside.txt'), 'inside');
  symlinkSync(join(site, 'inside.txt'), join(site, 'alias.txt'));
  relay = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), RATE_LIMIT_PER_HOUR: '0' });
});

afterAll(async () => {
  await relay.close();
});

/** Every way of writing `..`, `/` and `\` the generator combines. */
const dots = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '%uff0e%uff0e', '..%00', '..%2500', '%2e%2e%00'];
const slashes = ['/', '%2f', '%2F', '%252f', '\\', '%5c', '%5C', '%255c', '%c0%af', '%e0%80%af', '//'];
const targets = ['secret.txt', 'etc/passwd'];

function traversalPaths(): string[] {
  const paths = new Set<string>();
  for (const dot of dots) {
    for (const slash of slashes) {
      for (const depth of [1, 2, 4]) {
        for (const target of targets) {
          const climb = Array.from({ length: depth }, () => `${dot}${slash}`).join('');
          paths.add(`/${climb}${target}`);
          paths.add(`/en/${climb}${target}`);
        }
      }
    }
  }
  return [...paths];
}

describe('static serving under attack', () => {
  const paths = traversalPaths();

  it(`answers ${paths.length} generated traversal paths with 400 or 404, never with a file from outside`, async () => {
    const statuses = new Map<number, number>();
    for (const path of paths) {
      const response = await rawRequest(relay.url, { path });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.body.toString(), path).not.toContain(canary);
      expect([400, 404], path).toContain(response.status);
      expect(response.headers.location, path).toBeUndefined();
    }
    expect([...statuses.keys()].every((status) => status === 400 || status === 404)).toBe(true);
  });

  it('does not follow symlinks out of the site folder, for files, folders or 404 pages', async () => {
    for (const path of ['/linked.txt', '/linked-folder/', '/linked-folder/index.html', '/xx/nothing-here']) {
      const response = await rawRequest(relay.url, { path });
      expect(response.body.toString(), path).not.toContain(canary);
      expect(response.status, path).toBe(404);
    }
    const alias = await rawRequest(relay.url, { path: '/alias.txt' });
    expect(alias.status).toBe(200);
    expect(alias.body.toString()).toBe('inside');
  });

  it('refuses odd methods without echoing the request', async () => {
    for (const method of ['TRACE', 'TRACK', 'OPTIONS', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'MKCOL', 'LOCK', 'SEARCH', 'PURGE']) {
      const response = await rawRequest(relay.url, { method, path: '/en/', headers: { 'X-Canary': canary } }).catch(() => ({ status: 0, body: Buffer.alloc(0) }));
      expect([0, 400, 404, 405, 501], method).toContain(response.status);
      expect(response.body.toString(), method).not.toContain(canary);
    }
    // CONNECT is answered by the HTTP server itself: the connection is closed, nothing is tunnelled.
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(relay.url).port), '127.0.0.1', () => socket.write('CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
      socket.setTimeout(5000, () => socket.destroy());
    });
    expect(answer).not.toMatch(/^HTTP\/1\.[01] 200/);
    expect(answer).not.toContain('SSH-');
  });

  it('refuses oversized request headers with 431 and keeps serving', async () => {
    const huge = await rawRequest(relay.url, { path: '/en/', headers: { 'X-Filler': 'a'.repeat(64 * 1024) } }).catch(() => ({ status: 0 }));
    expect([0, 431]).toContain(huge.status);
    const many = await rawRequest(relay.url, {
      path: '/en/',
      headers: Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`X-H${index}`, 'v'])),
    }).catch(() => ({ status: 0 }));
    expect([0, 200, 431]).toContain(many.status);
    expect((await rawRequest(relay.url, { path: '/en/' })).status).toBe(200);
  });
});
