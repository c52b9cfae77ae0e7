// The retention sweep on a real Maildir: without SMTP it removes the mailbox's messages
// once their retention has passed; with SMTP it never touches the queue, a delivered
// message is emptied at once, and its marker goes after its own retention. And with a
// real SMTP server: once delivered, the spool holds no byte of the message.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jitterSecret } from '../../../src/relay/retention/retention.ts';
import { sweepRetention } from '../../../src/relay/spool/retention-sweep.ts';
import { maildirNameFor, MaildirSpool } from '../../../src/relay/spool/spool.ts';
import { encryptArmoured } from '../../support/encrypt.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { startRelayInProcess } from '../../support/relay.ts';
import { mailingRelayEnv, temporaryFolder } from '../../support/site.ts';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

const DAY = 24 * 3_600_000;
const now = new Date('2026-06-01T12:00:00Z');
const secret = jitterSecret();
const retention = { mailbox: { keepMs: 90 * DAY }, deliveredMarker: { keepMs: DAY } };
const idOf = (n: number) => n.toString(16).padStart(32, '0');

async function freshSpool(): Promise<MaildirSpool> {
  const spool = new MaildirSpool(temporaryFolder('retention'));
  await spool.prepare();
  return spool;
}

describe('the retention sweep', () => {
  it('without SMTP, removes mailbox messages past their retention, read or not, and keeps the rest', async () => {
    const spool = await freshSpool();
    const old = new Date(now.getTime() - 100 * DAY);
    const recent = new Date(now.getTime() - 10 * DAY);
    await spool.store(idOf(1), [Buffer.from('old, unread')], old);
    await spool.store(idOf(2), [Buffer.from('recent')], recent);
    // A message a mail client has read: moved to cur/ with its flags.
    await spool.store(idOf(3), [Buffer.from('old, read')], old);
    const read = maildirNameFor(idOf(3), old);
    await import('node:fs/promises').then(({ rename }) => rename(join(spool.root, 'new', read), join(spool.root, 'cur', `${read}:2,S`)));
    writeFileSync(join(spool.root, 'cur', 'not-ours'), 'left alone');

    expect(await sweepRetention(spool, { smtp: false, retention, secret, now })).toEqual({ removed: 2, emptied: 0 });
    expect(readdirSync(join(spool.root, 'new'))).toEqual([maildirNameFor(idOf(2), recent)]);
    expect(readdirSync(join(spool.root, 'cur'))).toEqual(['not-ours']);
  });

  it('without SMTP and a retention of 0, removes nothing', async () => {
    const spool = await freshSpool();
    await spool.store(idOf(1), [Buffer.from('very old')], new Date(now.getTime() - 1000 * DAY));
    expect(await sweepRetention(spool, { smtp: false, retention: { ...retention, mailbox: null }, secret, now })).toEqual({ removed: 0, emptied: 0 });
    expect(readdirSync(join(spool.root, 'new'))).toHaveLength(1);
  });

  it('with SMTP, never removes the queue, empties delivered messages and removes their markers after their retention', async () => {
    const spool = await freshSpool();
    const old = new Date(now.getTime() - 100 * DAY);
    await spool.store(idOf(1), [Buffer.from('undelivered for a long time')], old);
    await spool.store(idOf(2), [Buffer.from('delivered long ago')], old);
    await spool.markDelivered(maildirNameFor(idOf(2), old));
    const recent = new Date(now.getTime() - 3_600_000);
    await spool.store(idOf(3), [Buffer.from('delivered just now')], recent);
    const marker = `${maildirNameFor(idOf(3), recent)}:2,`;
    await spool.markDelivered(maildirNameFor(idOf(3), recent));
    expect(statSync(join(spool.root, 'cur', marker)).size).toBe(0);
    // As if the process had died between moving a message and emptying it.
    writeFileSync(join(spool.root, 'cur', marker), 'bytes left by a crash');

    expect(await sweepRetention(spool, { smtp: true, retention, secret, now })).toEqual({ removed: 1, emptied: 1 });
    expect(readdirSync(join(spool.root, 'new'))).toEqual([maildirNameFor(idOf(1), old)]);
    expect(readdirSync(join(spool.root, 'cur'))).toEqual([marker]);
    expect(statSync(join(spool.root, 'cur', marker)).size).toBe(0);
  });
});

describe('with a real SMTP server', () => {
  let organisation: TestRecipient;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    organisation = await makeRecipient('Organisation');
    smtp = await startSmtpServer();
  });
  afterAll(() => smtp.close());

  it('keeps no byte of a message once the server has accepted it', async () => {
    const relay = await startRelayInProcess(mailingRelayEnv([organisation], smtp.url));
    try {
      const armoured = await encryptArmoured('retention check', [organisation.publicKey]);
      const response = await fetch(`${relay.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': 'application/pgp-encrypted' }, body: armoured });
      expect(response.status).toBe(202);
      await waitFor('the delivery', () => relay.delivery!.metrics.delivered === 1);
      expect(smtp.received).toHaveLength(1);
      expect(readdirSync(join(relay.config.maildir, 'new'))).toEqual([]);
      const kept = readdirSync(join(relay.config.maildir, 'cur'));
      expect(kept).toHaveLength(1);
      expect(statSync(join(relay.config.maildir, 'cur', kept[0]!)).size).toBe(0);
    } finally {
      await relay.close();
    }
  });
});
