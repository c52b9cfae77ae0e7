// End to end through real servers: an armoured message posted to the relay reaches a
// real SMTP server as PGP/MIME, GnuPG decrypts it, and a real MIME parser reads the
// inner entity back exactly as it was written. Then the outage case: the SMTP server is
// down while 200 submissions arrive; all are spooled, and all are delivered exactly
// once when it comes back.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptArmoured } from '../../support/encrypt.ts';
import { sampleEntity } from '../../support/entity.ts';
import { gpgDecrypt, gpgEncrypt, withGpgHome } from '../../support/gpg.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { startRelayInProcess } from '../../support/relay.ts';
import { mailingRelayEnv } from '../../support/site.ts';
import { freePort } from '../../support/ports.ts';
import { startSmtpServer, type ReceivedMail } from '../../support/smtp.ts';
import { inParallel, waitFor } from '../../support/wait.ts';

let organisation: TestRecipient;
let colleague: TestRecipient;

beforeAll(async () => {
  [organisation, colleague] = await Promise.all([makeRecipient('Organisation'), makeRecipient('Colleague')]);
});

async function post(url: string, armoured: string): Promise<Response> {
  return fetch(`${url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/pgp-encrypted' },
    body: armoured,
  });
}

/** The bytes of a part as postal-mime returns them (text for some types, binary for others). */
function contentBytes(content: ArrayBuffer | Uint8Array | string): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content instanceof Uint8Array ? content : new Uint8Array(content));
}

/** The armoured part of a delivered PGP/MIME message, after checking the RFC 3156 structure. */
async function encryptedPartOf(mail: ReceivedMail): Promise<{ armoured: string; messageId: string | undefined; subject: string | undefined }> {
  const raw = mail.raw.toString('latin1');
  expect(raw).toMatch(/^Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted"; boundary="[^"]+"\r$/m);
  const parsed = await PostalMime.parse(mail.raw);
  expect(parsed.attachments).toHaveLength(2);
  const [control, encrypted] = parsed.attachments;
  expect(control!.mimeType).toBe('application/pgp-encrypted');
  expect(contentBytes(control!.content).toString()).toMatch(/^Version: 1\r?\n/);
  expect(encrypted!.mimeType).toBe('application/octet-stream');
  expect(encrypted!.filename).toBe('encrypted.asc');
  const armoured = contentBytes(encrypted!.content).toString('ascii');
  return { armoured, messageId: parsed.messageId, subject: parsed.subject };
}

describe('delivery to a real SMTP server', () => {
  it('delivers PGP/MIME that GnuPG decrypts to the original entity, for one and for two recipients', async () => {
    const smtp = await startSmtpServer();
    for (const recipients of [[organisation], [organisation, colleague]]) {
      const relay = await startRelayInProcess(mailingRelayEnv(recipients, smtp.url));
      try {
        const before = smtp.received.length;
        const entity = sampleEntity('happy');
        const response = await post(relay.url, await encryptArmoured(entity.bytes, recipients.map((r) => r.publicKey)));
        expect(response.status).toBe(202);
        expect(response.headers.get('cache-control')).toBe('no-store');
        const { id } = (await response.json()) as { id: string };
        expect(id).toMatch(/^[0-9a-f]{32}$/);

        await waitFor('the mail to arrive', () => smtp.received.length === before + 1);
        const mail = smtp.received.at(-1)!;
        expect(mail.from).toBe('relay@example.org');
        expect(mail.to).toEqual(['reports@example.org']);
        const { armoured, messageId, subject } = await encryptedPartOf(mail);
        expect(messageId).toBe(`<${id}@example.org>`);
        expect(subject).toBe('Encrypted submission');
        // Nothing of the content travels outside the encryption.
        expect(mail.raw.includes(entity.summary)).toBe(false);

        for (const recipient of recipients) {
          const plaintext = withGpgHome([recipient.armoredPrivateKey], (home) => gpgDecrypt(home, armoured));
          expect(plaintext.equals(entity.bytes)).toBe(true);
          const inner = await PostalMime.parse(plaintext);
          expect(inner.subject).toBe('Testimony happy');
          expect(inner.text?.trim()).toBe(entity.summary);
          expect(inner.attachments).toHaveLength(1);
          expect(inner.attachments[0]!.filename).toBe(entity.attachmentName);
          expect(contentBytes(inner.attachments[0]!.content).equals(entity.attachment)).toBe(true);
        }

        // Delivered means moved from new/ to cur/, and counted in the health report.
        await waitFor('the delivery to be counted', () => relay.delivery!.metrics.delivered === 1);
        expect(readdirSync(join(relay.config.maildir, 'new'))).toEqual([]);
        expect(readdirSync(join(relay.config.maildir, 'cur'))).toHaveLength(1);
        const health = (await (await fetch(`${relay.url}/api/health`)).json()) as { spool: { queued: number }; delivery: { delivered: number } };
        expect(health.spool.queued).toBe(0);
        expect(health.delivery.delivered).toBe(1);
      } finally {
        await relay.close();
      }
    }
    await smtp.close();
  });

  it('accepts and delivers a message encrypted by GnuPG as well as by OpenPGP.js', async () => {
    const smtp = await startSmtpServer();
    const relay = await startRelayInProcess(mailingRelayEnv([organisation], smtp.url));
    try {
      const entity = sampleEntity('gnupg');
      const armoured = gpgEncrypt([organisation.armoredPublicKey], [organisation.fingerprint], entity.bytes);
      const response = await post(relay.url, armoured);
      expect(response.status).toBe(202);
      await waitFor('the mail to arrive', () => smtp.received.length === 1);
      const { armoured: delivered } = await encryptedPartOf(smtp.received[0]!);
      expect(withGpgHome([organisation.armoredPrivateKey], (home) => gpgDecrypt(home, delivered)).equals(entity.bytes)).toBe(true);
    } finally {
      await relay.close();
      await smtp.close();
    }
  });

  it('stores and delivers a submission sent again after a lost answer once, before and after its delivery', async () => {
    const smtp = await startSmtpServer();
    const relay = await startRelayInProcess(mailingRelayEnv([organisation], smtp.url, { RATE_LIMIT_PER_HOUR: '0' }));
    try {
      const armoured = await encryptArmoured('sent twice', [organisation.publicKey]);
      // Two copies at once (the first answer lost while the browser retries), then once more after delivery.
      const together = await Promise.all([post(relay.url, armoured), post(relay.url, armoured)]);
      expect(together.map((response) => response.status)).toEqual([202, 202]);
      const ids = await Promise.all(together.map(async (response) => ((await response.json()) as { id: string }).id));
      expect(ids[0]).toBe(ids[1]);
      expect(ids[0]).toBe(createHash('sha256').update(armoured).digest('hex').slice(0, 32));
      await waitFor('the delivery', () => relay.delivery!.metrics.delivered === 1);
      const again = await post(relay.url, armoured);
      expect(again.status).toBe(202);
      expect(((await again.json()) as { id: string }).id).toBe(ids[0]);
      // A different encryption of the same text is another submission.
      expect((await post(relay.url, await encryptArmoured('sent twice', [organisation.publicKey]))).status).toBe(202);
      await waitFor('the other delivery', () => relay.delivery!.metrics.delivered === 2);
      // Give a duplicate, if one were queued, the time to arrive.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const messageIds = await Promise.all(smtp.received.map(async (mail) => (await PostalMime.parse(mail.raw)).messageId));
      expect(messageIds).toHaveLength(2);
      expect(messageIds.filter((messageId) => messageId === `<${ids[0]}@example.org>`)).toHaveLength(1);
      expect(readdirSync(join(relay.config.maildir, 'new'))).toEqual([]);
      expect(readdirSync(join(relay.config.maildir, 'cur'))).toHaveLength(2);
      expect(relay.log.submissions.filter((line) => line.id === ids[0]).map((line) => line.outcome).sort()).toEqual([
        'accepted',
        'accepted_again',
        'accepted_again',
        'delivered',
      ]);
    } finally {
      await relay.close();
      await smtp.close();
    }
  });

  it('spools 200 submissions while the SMTP server is down and delivers each exactly once when it is back', async () => {
    const port = await freePort();
    const relay = await startRelayInProcess(
      mailingRelayEnv([organisation], `smtp://127.0.0.1:${port}`, {
        RATE_LIMIT_PER_HOUR: '0',
        DELIVERY_RETRY_BASE_MS: '50',
        DELIVERY_RETRY_MAX_MS: '400',
      }),
    );
    const received: ReceivedMail[] = [];
    try {
      // 200 distinct ciphertexts: the same bytes posted again would be one submission.
      const bodies = await Promise.all(Array.from({ length: 200 }, (_, i) => encryptArmoured(`outage ${i}`, [organisation.publicKey])));
      const ids = await inParallel(16, 200, async (index) => {
        const response = await post(relay.url, bodies[index]!);
        expect(response.status).toBe(202);
        return ((await response.json()) as { id: string }).id;
      });
      expect(new Set(ids).size).toBe(200);
      expect(readdirSync(join(relay.config.maildir, 'new'))).toHaveLength(200);

      await waitFor('a failed delivery attempt', () => relay.delivery!.metrics.lastError !== null);
      const health = (await (await fetch(`${relay.url}/api/health`)).json()) as {
        spool: { queued: number };
        delivery: { lastError: { code: string } };
      };
      expect(health.spool.queued).toBe(200);
      expect(health.delivery.lastError.code).toMatch(/^E[A-Z]+/);
      const smtp = await startSmtpServer(port, received);
      try {
        await waitFor('all 200 mails', () => received.length >= 200 && readdirSync(join(relay.config.maildir, 'new')).length === 0, 60_000);
        // Give a duplicate, if the loop were to send one, the time to arrive.
        await new Promise((resolve) => setTimeout(resolve, 500));
        const deliveredIds = await Promise.all(received.map(async (mail) => (await PostalMime.parse(mail.raw)).messageId));
        expect(deliveredIds).toHaveLength(200);
        expect(new Set(deliveredIds)).toEqual(new Set(ids.map((id) => `<${id}@example.org>`)));
        expect(readdirSync(join(relay.config.maildir, 'cur'))).toHaveLength(200);
        expect(relay.delivery!.metrics.delivered).toBe(200);
      } finally {
        await smtp.close();
      }
    } finally {
      await relay.close();
    }
  });
});
