// The relay process (`src/relay/start.ts`, run by the Node 24 binary as `npm start`
// does) is killed with SIGKILL in the middle of a burst of submissions. Every submission
// that got a 202 must be complete in new/ afterwards, new/ must hold no partial file,
// and the restarted relay must carry on.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeRecipients } from '../../../src/relay/verify/recipients.ts';
import { submissionIdFromName } from '../../../src/relay/spool/spool.ts';
import { verifySubmission, type RecipientKey } from '../../../src/relay/verify/verify.ts';
import { encryptArmoured } from '../../support/encrypt.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { spawnRelay } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';

let organisation: TestRecipient;
let recipients: RecipientKey[];

beforeAll(async () => {
  organisation = await makeRecipient('Organisation');
  recipients = await describeRecipients([organisation.publicKey]);
});

/** Checks one Maildir file is a whole PGP/MIME message holding a valid submission; returns its id. */
function expectCompleteMessage(file: string): string {
  const text = readFileSync(file, 'latin1');
  const id = /^Message-ID: <([0-9a-f]{32})@/m.exec(text)?.[1];
  expect(id, file).toBeDefined();
  expect(text.endsWith(`\n--ngao.${id}--\n`), `${file} ends with its closing boundary`).toBe(true);
  const armour = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(text)?.[0];
  expect(verifySubmission(new TextEncoder().encode(armour ?? ''), recipients).ok, `${file} holds a complete message`).toBe(true);
  return id!;
}

describe('a relay killed with SIGKILL during a burst', () => {
  it('keeps every acknowledged submission complete in new/ and nothing partial there', async () => {
    const env = { SITE_DIR: makeSiteFolder([organisation]), MAILDIR: temporaryFolder('maildir'), RATE_LIMIT_PER_HOUR: '0' };
    // Sizes from small to 1 MiB, so that some writes are always in progress when the kill
    // comes; all distinct, since the same bytes posted again are stored once.
    const sizesKiB = [1, 50, 200, 1024];
    const bodies = await Promise.all(
      Array.from({ length: 160 }, async (_, i) => encryptArmoured(randomBytes(sizesKiB[i % sizesKiB.length]! * 1024), [organisation.publicKey])),
    );

    const relay = await spawnRelay(env);
    const acknowledged: string[] = [];
    let killed = false;
    const post = async (index: number) => {
      try {
        const response = await fetch(`${relay.url}/api/submissions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/pgp-encrypted' },
          body: bodies[index % bodies.length]!,
        });
        if (response.status === 202) acknowledged.push(((await response.json()) as { id: string }).id);
        else expect(response.status).toBe(202);
      } catch {
        // The connection died with the process: not acknowledged, nothing promised.
        expect(killed).toBe(true);
      }
    };

    // 24 clients post continuously; the process is killed once 60 submissions are acknowledged.
    let next = 0;
    const clients = Array.from({ length: 24 }, async () => {
      while (!killed && next < bodies.length) await post(next++);
    });
    const deadline = Date.now() + 30_000;
    while (acknowledged.length < 60 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    killed = true;
    relay.child.kill('SIGKILL');
    expect(await relay.exited).toBe('SIGKILL');
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);

    const newFolder = join(env.MAILDIR, 'new');
    const stored = new Map(readdirSync(newFolder).map((name) => [submissionIdFromName(name), name]));
    for (const id of acknowledged) {
      const name = stored.get(id);
      expect(name, `acknowledged submission ${id} is in new/`).toBeDefined();
    }
    // Every file in new/, acknowledged or not, is a complete message.
    for (const name of readdirSync(newFolder)) expectCompleteMessage(join(newFolder, name));

    // The restarted relay sees the same spool and carries on.
    const restarted = await spawnRelay(env);
    try {
      const health = (await (await fetch(`${restarted.url}/api/health`)).json()) as { spool: { queued: number } };
      expect(health.spool.queued).toBe(stored.size);
      const response = await fetch(`${restarted.url}/api/submissions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/pgp-encrypted' },
        body: await encryptArmoured('after the restart', [organisation.publicKey]),
      });
      expect(response.status).toBe(202);
    } finally {
      restarted.child.kill('SIGTERM');
      // A graceful stop: in-flight requests finish, then the process exits cleanly.
      expect(await restarted.exited).toBe(0);
      expect(restarted.stdout.some((line) => line.includes('"event":"stopped"'))).toBe(true);
    }
  });
});
