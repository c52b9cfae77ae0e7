// When the mail server says no: a refused recipient holds the queue until it is fixed;
// a refused message waits alone while the others go; a recipient refused among several
// is reported, not resent to those who already have it. Nothing is ever dropped.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptArmoured } from '../../support/encrypt.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { startRelayInProcess } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';
import { startSmtpServer } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

let organisation: TestRecipient;
beforeAll(async () => {
  organisation = await makeRecipient('Organisation');
});

async function submit(url: string, text: string): Promise<string> {
  const response = await fetch(`${url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/pgp-encrypted' },
    body: await encryptArmoured(text, [organisation.publicKey]),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

function relayEnv(smtpUrl: string, to: string) {
  return {
    SITE_DIR: makeSiteFolder([organisation]),
    MAILDIR: temporaryFolder('maildir'),
    SMTP_URL: smtpUrl,
    MAIL_TO: to,
    MAIL_FROM: 'relay@example.org',
    DELIVERY_RETRY_BASE_MS: '50',
    DELIVERY_RETRY_MAX_MS: '200',
  };
}

describe('refusals by the mail server', () => {
  it('keeps messages queued while the recipient is refused, and delivers them once it is accepted', async () => {
    let refusing = true;
    const smtp = await startSmtpServer(0, [], { refuseRecipient: () => refusing });
    const relay = await startRelayInProcess(relayEnv(smtp.url, 'reports@example.org'));
    try {
      const ids = [await submit(relay.url, 'first'), await submit(relay.url, 'second')];
      await waitFor('a refusal', () => relay.delivery!.metrics.lastError?.code === 'EENVELOPE_550');
      expect(readdirSync(join(relay.config.maildir, 'new'))).toHaveLength(2);
      refusing = false;
      await waitFor('both mails', () => relay.delivery!.metrics.delivered === 2);
      const delivered = await Promise.all(smtp.received.map(async (mail) => (await PostalMime.parse(mail.raw)).messageId));
      expect(delivered.sort()).toEqual(ids.map((id) => `<${id}@example.org>`).sort());
    } finally {
      await relay.close();
      await smtp.close();
    }
  });

  it('lets the other messages go while one message is refused', async () => {
    // The server refuses the one large message (552, as for a size limit).
    const smtp = await startSmtpServer(0, [], { refuseMessage: (raw) => raw.length > 100_000 });
    const relay = await startRelayInProcess(relayEnv(smtp.url, 'reports@example.org'));
    try {
      const refused = await submit(relay.url, 'x'.repeat(120_000));
      const others = [await submit(relay.url, 'second'), await submit(relay.url, 'third')];
      await waitFor('the other two', () => relay.delivery!.metrics.delivered === 2);
      await waitFor('the refusal', () => relay.delivery!.metrics.lastError?.code === 'EMESSAGE_552');
      const delivered = await Promise.all(smtp.received.map(async (mail) => (await PostalMime.parse(mail.raw)).messageId));
      expect(delivered.sort()).toEqual(others.map((id) => `<${id}@example.org>`).sort());
      // The refused one is still queued, not dropped.
      expect(readdirSync(join(relay.config.maildir, 'new')).some((name) => name.includes(refused))).toBe(true);
    } finally {
      await relay.close();
      await smtp.close();
    }
  });

  it('counts a message accepted for some recipients as delivered, and reports the refused one', async () => {
    const smtp = await startSmtpServer(0, [], { refuseRecipient: (address) => address === 'gone@example.org' });
    const relay = await startRelayInProcess(relayEnv(smtp.url, 'reports@example.org, gone@example.org'));
    try {
      const id = await submit(relay.url, 'partial');
      await waitFor('the delivery', () => relay.delivery!.metrics.delivered === 1);
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.to).toEqual(['reports@example.org']);
      expect(relay.delivery!.metrics.lastError?.code).toBe('EENVELOPE_PARTIAL');
      expect(relay.log.submissions.find((line) => line.id === id && line.outcome === 'delivered_partially')).toBeDefined();
      expect(readdirSync(join(relay.config.maildir, 'cur'))).toHaveLength(1);
    } finally {
      await relay.close();
      await smtp.close();
    }
  });
});
