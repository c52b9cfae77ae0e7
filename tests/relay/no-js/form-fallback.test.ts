// The form without JavaScript: the relay takes the fields and files, encrypts them with
// the browser's own pipeline before anything touches the disk, and the organisation
// receives the same PGP/MIME mail. Refusals are pages in the form's language that give
// back what the person wrote; no testimony text ever reaches the log.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissionRecordSchema } from '../../../src/submission/record/schema.ts';
import { gpgDecrypt, withGpgHome } from '../../support/gpg.ts';
import { makeRecipient, type TestRecipient } from '../../support/keys.ts';
import { startRelayInProcess, type InProcessRelay } from '../../support/relay.ts';
import { mailingRelayEnv, temporaryFolder } from '../../support/site.ts';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.ts';
import { waitFor } from '../../support/wait.ts';

let organisation: TestRecipient;
let smtp: TestSmtpServer;
let relay: InProcessRelay;

beforeAll(async () => {
  organisation = await makeRecipient('Organisation');
  smtp = await startSmtpServer();
  relay = await startRelayInProcess(mailingRelayEnv([organisation], smtp.url, { RATE_LIMIT_PER_HOUR: '0' }));
});

afterAll(async () => {
  await relay.close();
  await smtp.close();
});

function testimony(story: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    locale: 'fr',
    affectedType: 'group',
    affected: 'CANARY-fallback-group',
    whatHappened: story,
    whenText: 'la semaine dernière',
    country: 'KE',
    perpetratorType: 'non-state',
    consent: 'none',
    website: '',
    ...overrides,
  };
}

function contentBytes(content: ArrayBuffer | Uint8Array | string): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content instanceof Uint8Array ? content : new Uint8Array(content));
}

const queued = () => readdirSync(join(relay.config.maildir, 'new')).length + readdirSync(join(relay.config.maildir, 'cur')).length;

describe('the no-JavaScript form', () => {
  it('encrypts a multipart submission with its file on the server and delivers it as PGP/MIME', async () => {
    const story = 'CANARY-fallback-story Ils sont venus à l’aube.\r\nPersonne n’a été blessé.';
    const form = new FormData();
    for (const [name, value] of Object.entries(testimony(story))) form.append(name, value);
    form.append('attachments', new File(['CANARY-fallback-file contents'], 'liste.txt', { type: 'text/plain' }));
    form.append('attachments', new File([], '', { type: 'application/octet-stream' })); // what an empty extra input posts

    const response = await fetch(`${relay.url}/api/submissions/form`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Votre témoignage a été reçu');
    const receipt = /data-received-receipt>([^<]+)</.exec(html)?.[1];
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);

    await waitFor('the mail', () => smtp.received.length === 1);
    const outer = await PostalMime.parse(smtp.received[0]!.raw);
    const encrypted = outer.attachments.find((attachment) => attachment.filename === 'encrypted.asc')!;
    const inner = await PostalMime.parse(withGpgHome([organisation.armoredPrivateKey], (home) => gpgDecrypt(home, contentBytes(encrypted.content))));
    const json = inner.attachments.find((attachment) => attachment.mimeType === 'application/json')!;
    const record = submissionRecordSchema.parse(JSON.parse(contentBytes(json.content).toString('utf8')));
    expect(record.receipt).toBe(receipt);
    expect(record.encryptedIn).toBe('relay');
    expect(record.locale).toBe('fr');
    expect(record.fields.whatHappened).toBe(story.replace(/\r\n/g, '\n'));
    expect(record.attachments.map((attachment) => attachment.name)).toEqual(['liste.txt']);
    const file = inner.attachments.find((attachment) => attachment.filename === 'liste.txt')!;
    expect(contentBytes(file.content).toString()).toBe('CANARY-fallback-file contents');
    expect(smtp.received[0]!.raw.includes('CANARY')).toBe(false);
  });

  it('takes a URL-encoded form too', async () => {
    const before = queued();
    const response = await fetch(`${relay.url}/api/submissions/form`, {
      method: 'POST',
      body: new URLSearchParams(testimony('CANARY-fallback-urlencoded', { locale: 'en' })),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/data-received-receipt>[0-9A-Z-]{19}</);
    expect(queued()).toBe(before + 1);
  });

  it('answers invalid input with the errors in the form’s language and everything the person wrote, storing nothing', async () => {
    const before = queued();
    const story = 'CANARY-fallback-invalid <script>alert(1)</script> & more';
    const response = await fetch(`${relay.url}/api/submissions/form`, {
      method: 'POST',
      body: new URLSearchParams(testimony(story, { whenText: '', country: '' })),
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(html).toContain('Il y a un problème');
    expect(html).toContain('CANARY-fallback-invalid &#60;script&#62;alert(1)&#60;/script&#62; &#38; more');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="/fr/submit/"');
    expect(queued()).toBe(before);
  });

  it('refuses a filled honeypot, other content types, and answers 404 when switched off', async () => {
    const before = queued();
    const bot = await fetch(`${relay.url}/api/submissions/form`, { method: 'POST', body: new URLSearchParams(testimony('bot', { website: 'http://spam.example' })) });
    expect(bot.status).toBe(422);
    const json = await fetch(`${relay.url}/api/submissions/form`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect(queued()).toBe(before);

    const off = await startRelayInProcess({ SITE_DIR: relay.config.siteDir, MAILDIR: temporaryFolder('maildir'), NOJS_FALLBACK: 'off' });
    try {
      const response = await fetch(`${off.url}/api/submissions/form`, {
        method: 'POST',
        headers: { 'Accept-Language': 'sw, en;q=0.5' },
        body: new URLSearchParams(testimony('CANARY-fallback-off')),
      });
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('<html lang="sw"');
    } finally {
      await off.close();
    }
  });

  it('never logs anything the person wrote', () => {
    expect(relay.log.lines.length).toBeGreaterThan(0);
    for (const line of relay.log.lines) expect(line).not.toMatch(/CANARY|liste\.txt|127\.0\.0\.1/);
  });
});
