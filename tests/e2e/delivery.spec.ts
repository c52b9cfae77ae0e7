// The whole chain with a real mail server: the form in Chromium → the relay → an SMTP
// server started here → a PGP/MIME mail that GnuPG decrypts and a MIME parser reads.
// Also the no-JavaScript path: the relay encrypts on receipt and the mail reads the same.
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { submissionRecordSchema } from '../../src/submission/record/schema.ts';
import { gpgDecrypt } from '../support/gpg.ts';
import { freePort } from '../support/ports.ts';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.ts';
import { testPaths } from '../support/test-site.ts';

test.describe.configure({ mode: 'serial' });

const received: Buffer[] = [];
let smtp: SMTPServer;
let relay: RelayProcess | undefined;
let relayUrl: string;
let maildir: string;

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  const smtpPort = await freePort();
  await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
  maildir = mkdtempSync(join(tmpdir(), 'ngao-delivery-'));
  relay = await startRelayProcess({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SITE_DIR: testPaths.site,
    MAILDIR: maildir,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_TO: 'testimonies@example.org',
    MAIL_FROM: 'relay@example.org',
  });
  relayUrl = relay.url;
  await expect.poll(async () => (await fetch(`${relayUrl}/api/health`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
});

test.afterAll(async () => {
  await relay?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(maildir, { recursive: true, force: true });
});

async function fill(page: Page, story: string) {
  await page.locator('input[name="affectedType"][value="group"]').check();
  await page.locator('#f-affected').fill('CANARY-delivery-group');
  await page.locator('#f-whatHappened').fill(story);
  await page.locator('#f-whenText').fill('last week');
  await page.locator('#f-country').selectOption('KE');
  await page.locator('input[name="perpetratorType"][value="non-state"]').check();
  await page.locator('input[name="consent"][value="none"]').check();
}

/** Waits for the next mail, checks it is PGP/MIME, decrypts it with GnuPG and parses what is inside. */
async function nextDecryptedMail(count: number): Promise<{ outer: Email; inner: Email }> {
  await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
  const raw = received[count - 1]!;
  expect(raw.toString('latin1')).toMatch(/Content-Type: multipart\/encrypted;\s*protocol="application\/pgp-encrypted"/i);
  const outer = await PostalMime.parse(raw);
  const encrypted = outer.attachments.find((a) => a.filename === 'encrypted.asc')!;
  const inner = await PostalMime.parse(gpgDecrypt(testPaths.gnupg.curve25519, Buffer.from(encrypted.content as ArrayBuffer)));
  return { outer, inner };
}

function recordOf(inner: Email) {
  const json = inner.attachments.find((a) => a.mimeType === 'application/json')!;
  return submissionRecordSchema.parse(JSON.parse(Buffer.from(json.content as ArrayBuffer).toString('utf8')));
}

test('a testimony sent from the browser arrives in the mailbox as PGP/MIME that GnuPG opens', async ({ page }) => {
  const story = 'CANARY-delivery-story They burnt the office.\nNobody was hurt.';
  await page.goto(`${relayUrl}/en/submit/`);
  await fill(page, story);
  await page.locator('#f-attachments').setInputFiles({ name: 'list.txt', mimeType: 'text/plain', buffer: Buffer.from('CANARY-delivery-file') });
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await expect(page.locator('[data-success]')).toBeVisible();
  const receipt = await page.locator('[data-receipt]').textContent();

  const { outer, inner } = await nextDecryptedMail(1);
  // Nothing about the testimony is readable outside the encryption.
  expect(outer.subject).not.toContain('CANARY');
  expect(JSON.stringify(outer.headers)).not.toContain('CANARY');
  const record = recordOf(inner);
  expect(record.receipt).toBe(receipt);
  expect(record.encryptedIn).toBe('browser');
  expect(record.fields.whatHappened).toBe(story);
  expect(Buffer.from(inner.attachments.find((a) => a.filename === 'list.txt')!.content as ArrayBuffer).toString()).toBe('CANARY-delivery-file');
});

test('without JavaScript the relay encrypts on receipt, says so, and the mail opens the same way', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${relayUrl}/en/submit/`);
  await expect(page.getByText('It is then encrypted on our server as it arrives')).toBeVisible();
  const story = 'CANARY-nojs-story They came at dawn.';
  await fill(page, story);
  await page.getByRole('button', { name: 'Send (encrypted on our server)' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your testimony was received');
  const receipt = (await page.locator('[data-received-receipt]').textContent())!.trim();
  expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  const { inner } = await nextDecryptedMail(2);
  const record = recordOf(inner);
  expect(record.receipt).toBe(receipt);
  expect(record.encryptedIn).toBe('relay');
  expect(record.fields.whatHappened).toBe(story);
  await context.close();
});
