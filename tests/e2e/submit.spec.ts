// The testimony form in real Chromium against the real relay: what leaves the browser is
// only an armoured OpenPGP message; GnuPG decrypts it with each recipient's key; a real
// MIME parser reads back exactly what was typed and attached; photo metadata is gone and
// the pixels are the same; failures keep the ciphertext for retry, download and copy.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime, { type Email } from 'postal-mime';
import { submissionRecordSchema, type SubmissionRecord } from '../../src/submission/record/schema.ts';
import { gpgDecrypt } from '../support/gpg.ts';
import { testPaths } from '../support/test-site.ts';

const images = new URL('../fixtures/images/', import.meta.url).pathname;
const photo = readFileSync(join(images, 'gps.jpg'));
const notes = Buffer.from('CANARY-attachment-4b21 notes kept by the group\n', 'utf8');

const canaries = {
  affected: 'CANARY-affected-8c1e a peer educator',
  whatHappened: 'CANARY-story-33fa The police came to the meeting at night.\nThey took our phones.',
  locality: 'CANARY-locality-a7d0',
  perpetrator: 'CANARY-perpetrator-5e9b',
  consequences: 'CANARY-consequences-0c44',
  replyChannel: 'CANARY-reply-6f12',
};

async function fillForm(page: Page) {
  await page.locator('input[name="affectedType"][value="person"]').check();
  await page.locator('#f-affected').fill(canaries.affected);
  await page.locator('#f-whatHappened').fill(canaries.whatHappened);
  await page.locator('#f-whenDate').fill('2026-03-14');
  await page.locator('#f-country').selectOption('UG');
  await page.locator('#f-locality').fill(canaries.locality);
  await page.locator('input[name="perpetratorType"][value="state"]').check();
  await page.locator('#f-perpetrator').fill(canaries.perpetrator);
  await page.locator('#f-consequences').fill(canaries.consequences);
  await page.locator('input[name="consent"][value="anonymised"]').check();
  await page.locator('#f-replyChannel').fill(canaries.replyChannel);
  await page.locator('#f-attachments').setInputFiles([
    { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: notes },
  ]);
  await expect(page.locator('[data-attachment-list] li')).toHaveCount(2);
}

/** Every byte the page sends, so the test can prove no plaintext is among them. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

function assertNoPlaintextLeft(requests: Request[]) {
  for (const request of requests) {
    const sent = `${request.url()}\n${JSON.stringify(request.headers())}\n${request.postDataBuffer()?.toString('latin1') ?? ''}`;
    for (const canary of [...Object.values(canaries), 'CANARY-attachment-4b21']) expect(sent).not.toContain(canary.slice(0, 20));
  }
}

async function readEntity(armored: string, home: string): Promise<{ email: Email; record: SubmissionRecord }> {
  const email = await PostalMime.parse(gpgDecrypt(home, armored));
  const json = email.attachments.find((a) => a.mimeType === 'application/json');
  const record = submissionRecordSchema.parse(JSON.parse(Buffer.from(json!.content as ArrayBuffer).toString('utf8')));
  return { email, record };
}

/** Decodes an image in the browser and returns its RGBA pixels, to compare before and after. */
async function pixels(page: Page, bytes: Uint8Array, type: string): Promise<string> {
  return page.evaluate(
    async ({ data, type }) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], { type }), { imageOrientation: 'none' });
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const digest = await crypto.subtle.digest('SHA-256', rgba);
      return `${bitmap.width}x${bitmap.height}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    },
    { data: Buffer.from(bytes).toString('base64'), type },
  );
}

test('a testimony leaves the browser encrypted, and GnuPG reads back exactly what was entered', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto('/en/submit/');
  await fillForm(page);
  await expect(page.locator('[data-attachment-list] li').first()).toContainText('location');
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/submissions'));
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  const armored = (await posted).postData()!;
  await expect(page.locator('[data-success]')).toBeFocused();
  const receipt = (await page.locator('[data-receipt]').textContent())!;
  expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

  expect(armored.startsWith('-----BEGIN PGP MESSAGE-----')).toBe(true);
  expect(armored.trimEnd().endsWith('-----END PGP MESSAGE-----')).toBe(true);
  assertNoPlaintextLeft(requests);
  // The form is cleared from the page once the relay has acknowledged.
  await expect(page.locator('#f-whatHappened')).toHaveValue('');

  const fromCurve = await readEntity(armored, testPaths.gnupg.curve25519);
  const fromRsa = await readEntity(armored, testPaths.gnupg.rsa4096);
  expect(fromRsa.record).toEqual(fromCurve.record);
  const { email, record } = fromCurve;
  expect(record.receipt).toBe(receipt);
  expect(record.encryptedIn).toBe('browser');
  expect(record.locale).toBe('en');
  expect(record.fields).toMatchObject({ ...canaries, affectedType: 'person', whenDate: '2026-03-14', country: 'UG', perpetratorType: 'state', consent: 'anonymised' });
  expect(email.text).toContain(canaries.whatHappened.split('\n')[0]);
  expect(email.subject).toContain(receipt);

  const sentNotes = email.attachments.find((a) => a.filename === 'notes.txt')!;
  expect(Buffer.from(sentNotes.content as ArrayBuffer)).toEqual(notes);
  const sentPhoto = new Uint8Array(email.attachments.find((a) => a.filename === 'photo.jpg')!.content as ArrayBuffer);
  expect(record.attachments.find((a) => a.name === 'photo.jpg')?.metadataRemoved).toContain('location');
  expect(await pixels(page, sentPhoto, 'image/jpeg')).toBe(await pixels(page, photo, 'image/jpeg'));
  const folder = mkdtempSync(join(tmpdir(), 'ngao-photo-'));
  writeFileSync(join(folder, 'sent.jpg'), sentPhoto);
  const tags = execFileSync('exiftool', ['-a', '-G1', '-s', join(folder, 'sent.jpg')]).toString();
  // The colour profile stays (it is part of how the pixels look); identifying tags do not.
  expect(tags).not.toMatch(/Canary|SN-CANARY/i);
  expect(tags).not.toMatch(/^\[[^\]]+\]\s+(GPS\w*|Make|Model|SerialNumber|Artist|Copyright|OwnerName|DateTimeOriginal)\s*:/m);
});

test('when the relay cannot be reached, the ciphertext can be downloaded, copied and retried', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const requests = recordRequests(page);
  await page.route('**/api/submissions', (route) => route.abort('connectionrefused'));
  await page.goto('/fr/submit/');
  await fillForm(page);
  await page.getByRole('button', { name: 'Chiffrer et envoyer' }).click();
  const failure = page.locator('[data-failure]');
  await expect(failure).toBeFocused();
  await expect(failure).toContainText('Le serveur est injoignable.');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  const download = page.waitForEvent('download');
  await failure.getByRole('button', { name: 'Télécharger le fichier chiffré' }).click();
  const file = await (await download).path();
  const armored = readFileSync(file, 'utf8');
  const { record } = await readEntity(armored, testPaths.gnupg.rsa4096);
  expect(record.fields.whatHappened).toBe(canaries.whatHappened);
  expect(record.locale).toBe('fr');

  await failure.getByRole('button', { name: 'Copier le texte chiffré' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(armored);
  await expect(failure.getByRole('link', { name: 'L’envoyer plutôt par courriel' })).toHaveAttribute('href', /^mailto:/);

  await page.unroute('**/api/submissions');
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/submissions'));
  await failure.getByRole('button', { name: 'Réessayer' }).click();
  // The retry sends the same ciphertext: nothing is encrypted twice, nothing sent in the clear.
  expect((await posted).postData()).toBe(armored);
  await expect(page.locator('[data-success]')).toBeVisible();
  assertNoPlaintextLeft(requests);
});

test('a form with mistakes shows every error next to its field and sends nothing', async ({ page }) => {
  const requests = recordRequests(page);
  await page.goto('/ar/submit/');
  await page.locator('#f-whatHappened').fill('x');
  await page.getByRole('button', { name: 'شفّر وأرسل' }).click();
  const summary = page.locator('[data-error-summary]');
  await expect(summary).toBeFocused();
  await expect(page.locator('#f-country-error')).toHaveText('هذا الحقل مطلوب.');
  await expect(page.locator('#f-whenDate-error')).toHaveText('أدخل تاريخًا أو صف متى حدث ذلك.');
  await expect(page.locator('#f-affected')).toHaveAttribute('aria-invalid', 'true');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  expect(requests.filter((r) => r.method() === 'POST')).toEqual([]);
});

for (const locale of ['en', 'ar'] as const) {
  test(`every state of the form is accessible in ${locale}: empty, progress, success`, async ({ page }) => {
    await page.goto(`/${locale}/submit/`);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    await fillForm(page);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/submissions', async (route) => {
      await held;
      await route.continue();
    });
    await page.locator('[data-send]').click();
    await expect(page.locator('[data-progress]')).not.toBeEmpty();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    release();
    await expect(page.locator('[data-success]')).toBeVisible();
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });
}

test('the page pins the key it encrypts to and offers it for download', async ({ page }) => {
  await page.goto('/en/submit/');
  const links = page.getByRole('link', { name: 'Download the public key' });
  await expect(links).toHaveCount(2);
  const href = (await links.first().getAttribute('href'))!;
  const response = await page.request.get(href);
  expect(await response.text()).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
  const fingerprint = href.match(/([0-9A-F]{40})\.asc$/)![1]!;
  await expect(page.locator('.fingerprints')).toContainText(fingerprint.slice(0, 4));
});

test('OpenPGP.js and the validation schema load only when the reader touches the form', async ({ page }) => {
  const scripts: { url: string; body: Promise<string> }[] = [];
  page.on('response', (r) => r.request().resourceType() === 'script' && scripts.push({ url: r.url(), body: r.text() }));
  const carries = async (list: typeof scripts, marker: RegExp) => (await Promise.all(list.map((s) => s.body))).some((body) => marker.test(body));
  const openpgp = /OpenPGP\.js v?\d/;
  const zod = /_zod\b/;
  await page.goto('/en/submit/');
  await page.waitForLoadState('networkidle');
  const beforeInteraction = [...scripts];
  expect(await carries(beforeInteraction, openpgp)).toBe(false);
  expect(await carries(beforeInteraction, zod)).toBe(false);
  await page.locator('#f-affected').focus();
  await expect.poll(() => carries(scripts, openpgp)).toBe(true);
  await expect.poll(() => carries(scripts, zod)).toBe(true);
});

test('after a failed send, an edit discards the old ciphertext: what is sent is what is on screen', async ({ page }) => {
  await page.route('**/api/submissions', (route) => route.abort('connectionrefused'));
  await page.goto('/en/submit/');
  await fillForm(page);
  await page.locator('[data-send]').click();
  await expect(page.locator('[data-failure]')).toBeVisible();
  await page.locator('#f-affected').fill('a person who asked not to be named');
  await expect(page.locator('[data-failure]')).toBeHidden();
  await page.unroute('**/api/submissions');
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/api/submissions'));
  await page.locator('[data-send]').click();
  const { record } = await readEntity((await posted).postData()!, testPaths.gnupg.curve25519);
  expect(record.fields.affected).toBe('a person who asked not to be named');
});

test('testimony fields are kept from spell-checking services and autofill', async ({ page }) => {
  await page.goto('/en/submit/');
  await expect(page.locator('form[data-submission-form]')).toHaveAttribute('autocomplete', 'off');
  for (const field of ['#f-affected', '#f-whatHappened', '#f-locality', '#f-replyChannel']) {
    await expect(page.locator(field)).toHaveAttribute('spellcheck', 'false');
    await expect(page.locator(field)).toHaveAttribute('data-gramm', 'false');
  }
});
