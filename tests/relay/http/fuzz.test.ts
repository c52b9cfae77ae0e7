// Hostile input: thousands of generated requests against a relay process. Every one must
// get a 4xx (never a 2xx, never a 5xx), nothing may reach the spool, the process's
// memory must stay bounded, and it must still serve afterwards.
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { armor, createMessage, encrypt, enums } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptArmoured } from '../../support/encrypt.ts';
import { rawRequest, streamingRequest, type RawResponse } from '../../support/http.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { spawnRelay } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';
import { inParallel } from '../../support/wait.ts';
import { seededRandom } from '../../support/seeded-random.ts';

const REQUESTS = 3000;
const MAX_BODY = 1024 * 1024;

let organisation: TestRecipient;
let strangers: TestRecipient[];

beforeAll(async () => {
  organisation = await makeRecipient('Organisation');
  strangers = await Promise.all(Array.from({ length: 5 }, (_, i) => makeRecipient(`Stranger ${i}`)));
});

/** Random values from a seed, so a failing case can be replayed. */
function randomSource(seed: number) {
  const next = seededRandom(seed);
  const int = (max: number) => Math.floor(next() * max);
  const bytes = (length: number) => Uint8Array.from({ length }, () => int(256));
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, bytes, pick };
}

/** Resident and peak memory of a process, from /proc (Linux), in MiB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** Sends bytes as they are on a fresh connection (malformed HTTP included) and returns the status line's code, if any. */
function rawHttp(port: number, text: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]) || undefined));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe('hostile input', () => {
  it(`answers ${REQUESTS} generated bad requests with 4xx only, stores nothing, stays bounded and keeps serving`, async () => {
    const maildir = temporaryFolder('maildir');
    const relay = await spawnRelay({
      SITE_DIR: makeSiteFolder([organisation]),
      MAILDIR: maildir,
      MAX_BODY_SIZE: String(MAX_BODY),
      // Room for every concurrent body of the flood: load shedding (503 busy) is tested on its own.
      MAX_BUFFERED_SIZE: '64MiB',
      RATE_LIMIT_PER_HOUR: '0',
      IDLE_TIMEOUT_SECONDS: '5',
    });
    const port = Number(new URL(relay.url).port);
    const random = randomSource(20261122);

    const valid = await encryptArmoured('a real testimony', [organisation.publicKey]);
    const validPackets = Buffer.from(valid.split('\n\n')[1]!.replace(/-----END PGP MESSAGE-----\s*$/, ''), 'base64');
    const toStrangers = await Promise.all(strangers.map((stranger) => encryptArmoured('misdirected', [stranger.publicKey])));
    const withPassword = await encrypt({ message: await createMessage({ text: 'x' }), passwords: ['p'], encryptionKeys: organisation.publicKey });
    const literal = armor(enums.armor.message, (await createMessage({ text: 'Jane Doe, Kampala' })).write());
    const marker = Buffer.from([0xca, 0x03, 0x50, 0x47, 0x50]);

    type Case = { kind: string; send: () => Promise<RawResponse> };
    const post = (body: Uint8Array | string, contentType: string | null = 'application/pgp-encrypted', headers: Record<string, string> = {}) =>
      rawRequest(relay.url, {
        method: 'POST',
        path: '/api/submissions',
        headers: { ...(contentType ? { 'Content-Type': contentType } : {}), ...headers },
        body,
      });
    const generators: (() => Case)[] = [
      () => ({ kind: 'random bytes', send: () => post(random.bytes(random.int(64 * 1024))) }),
      () => ({ kind: 'random text', send: () => post(Array.from({ length: random.int(4000) }, () => String.fromCharCode(32 + random.int(95))).join('')) }),
      () => ({ kind: 'truncated armour', send: () => post(valid.slice(0, random.int(valid.length - 30))) }),
      () => {
        const cut = validPackets.subarray(0, 1 + random.int(validPackets.length - 1));
        return { kind: 'truncated packets', send: () => post(armor(enums.armor.message, cut)) };
      },
      () => ({ kind: 'armour around random packets', send: () => post(armor(enums.armor.message, random.bytes(1 + random.int(8000)))) }),
      () => ({ kind: 'plaintext literal packet', send: () => post(literal) }),
      () => ({ kind: 'other keys', send: () => post(random.pick(toStrangers)) }),
      () => ({ kind: 'password', send: () => post(withPassword) }),
      () => ({ kind: 'packet beside the encryption', send: () => post(armor(enums.armor.message, Buffer.concat([marker, validPackets]))) }),
      () => ({ kind: 'armour header', send: () => post(valid.replace('\n\n', `\nComment: ${'x'.repeat(random.int(200))}\n\n`)) }),
      () => ({ kind: 'other armour type', send: () => post(valid.replace(/PGP MESSAGE/g, random.pick(['PGP PUBLIC KEY BLOCK', 'PGP SIGNATURE', 'PGP MESSAGE, PART 1/2']))) }),
      () => ({ kind: 'wrong content type', send: () => post(valid, random.pick([null, 'text/plain', 'application/json', 'multipart/form-data; boundary=x', 'application/octet-stream'])) }),
      () => ({ kind: 'oversize, declared', send: () => post(Buffer.alloc(MAX_BODY + 1 + random.int(1000), 0x41)) }),
      () => ({
        kind: 'oversize, chunked',
        send: () =>
          streamingRequest(relay.url, { path: '/api/submissions', headers: { 'Content-Type': 'application/pgp-encrypted' }, chunk: Buffer.alloc(256 * 1024, 0x41), chunks: 8 }),
      }),
      () => ({ kind: 'huge header', send: () => post(valid, 'application/pgp-encrypted', { 'X-Filler': 'x'.repeat(20_000 + random.int(50_000)) }) }),
      () => ({
        kind: 'many headers',
        send: () => post(valid, 'application/pgp-encrypted', Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`X-H${i}`, 'y']))),
      }),
    ];

    const malformedHttp = [
      'POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/pgp-encrypted\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      'POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
      'POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 20\r\n\r\n0123456789',
      'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n',
      'BREW /api/submissions HTCPCP/1.0\r\n\r\n',
    ];

    const statuses = new Map<string, Set<number>>();
    const record = (kind: string, status: number | undefined) => {
      if (!statuses.has(kind)) statuses.set(kind, new Set());
      statuses.get(kind)!.add(status ?? -1);
    };

    // Slow uploads trickle in beside the flood: they must not stall anyone else.
    const slow = Array.from({ length: 8 }, () =>
      streamingRequest(relay.url, {
        path: '/api/submissions',
        headers: { 'Content-Type': 'application/pgp-encrypted' },
        chunk: Buffer.from('-'),
        chunks: 40,
        pauseMs: 50,
      }).then((response) => record('slow body', response.status), () => record('slow body', undefined)),
    );
    // One stalls for good: the idle timeout must end it (the process has IDLE_TIMEOUT_SECONDS=5).
    const stalled = new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/pgp-encrypted\r\nContent-Length: 100000\r\n\r\n-----BEGIN'),
      );
      socket.on('close', () => resolve(true));
      socket.on('error', () => {});
      setTimeout(() => resolve(false), 20_000);
    });

    const baseline = memoryOf(relay.child.pid!);
    let peak = baseline.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(relay.child.pid!).rss)), 50);
    try {
      await inParallel(16, REQUESTS, async () => {
        const test = random.pick(generators)();
        try {
          record(test.kind, (await test.send()).status);
        } catch {
          record(test.kind, undefined); // the connection was closed on us: allowed for oversize bodies only (checked below)
        }
      });
      for (const text of malformedHttp) record('malformed HTTP', await rawHttp(port, text));
      await Promise.all(slow);
      expect(await stalled, 'the stalled upload was cut by the idle timeout').toBe(true);
    } finally {
      clearInterval(sampler);
    }

    for (const [kind, seen] of statuses) {
      for (const status of seen) {
        if (status === -1) {
          expect(['oversize, declared', 'oversize, chunked', 'huge header', 'many headers', 'malformed HTTP'], `${kind}: connection dropped`).toContain(kind);
        } else {
          expect(status >= 400 && status < 500, `${kind}: ${status}`).toBe(true);
        }
      }
    }
    expect(statuses.size).toBeGreaterThanOrEqual(generators.length);
    expect(readdirSync(join(maildir, 'new'))).toEqual([]);
    expect(readdirSync(join(maildir, 'tmp'))).toEqual([]);

    // Memory: bounded by the body limit, not by the number of requests.
    const after = memoryOf(relay.child.pid!);
    expect(peak, `peak RSS ${peak.toFixed(0)} MiB (baseline ${baseline.rss.toFixed(0)} MiB)`).toBeLessThan(baseline.rss + 200);

    // Still serving: the site, the health report, and a real submission.
    expect((await fetch(`${relay.url}/en/`)).status).toBe(200);
    expect((await fetch(`${relay.url}/api/health`)).status).toBe(200);
    const accepted = await post(valid);
    expect(accepted.status).toBe(202);
    expect(after.rss).toBeGreaterThan(0);

    relay.child.kill('SIGTERM');
    expect(await relay.exited).toBe(0);
    expect(relay.stderr.join('')).toBe('');
  }, 120_000);
});
