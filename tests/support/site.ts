// A small stand-in for the built site (`dist/`): the relay tests must not depend on the
// Astro build, only on the folder layout it produces.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import type { TestRecipient } from './keys.ts';

const created: string[] = [];
// Each test file gets its own copy of this module, so this runs after each file's tests.
afterAll(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh folder under the system's temporary folder, removed when the test file ends. */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), `ngao-${prefix}-`));
  created.push(folder);
  return folder;
}

/** A site folder with the given recipient keys published at `keys/<FINGERPRINT>.asc`. */
export function makeSiteFolder(recipients: readonly TestRecipient[]): string {
  const root = temporaryFolder('site');
  const files: Record<string, string | Uint8Array> = {
    'index.html': '<!doctype html><html lang="en"><title>Ngao</title><p>Home</p></html>',
    '404.html': '<!doctype html><html lang="en"><title>Not found</title><p>site 404</p></html>',
    'en/index.html': `<!doctype html><html lang="en"><title>Ngao</title><p>${'Knowledge for defenders. '.repeat(200)}</p></html>`,
    'en/404.html': '<!doctype html><html lang="en"><title>Not found</title><p>en 404</p></html>',
    'fr/index.html': '<!doctype html><html lang="fr"><title>Ngao</title><p>Accueil</p></html>',
    // Astro's directory format puts a language's 404 page here.
    'pt/404/index.html': '<!doctype html><html lang="pt"><title>Não encontrado</title><p>pt 404</p></html>',
    'en/submit/index.html': '<!doctype html><html lang="en"><title>Send</title><form></form></html>',
    'en/submit/received/index.html':
      '<!doctype html><html lang="en"><title>Received</title><h1>Your testimony was received</h1><p class="receipt" dir="ltr" data-received-receipt></p></html>',
    'fr/submit/received/index.html':
      '<!doctype html><html lang="fr"><title>Reçu</title><h1>Votre témoignage a été reçu</h1><p class="receipt" dir="ltr" data-received-receipt></p></html>',
    '_astro/page.Ab12Cd34.js': `console.log(${JSON.stringify('x'.repeat(4000))});`,
    'data/countries.json': JSON.stringify({ schema: 'ngao.countries.v1', countries: Array.from({ length: 54 }, (_, i) => ({ i })) }),
    'pagefind/pagefind.js': 'export async function init() {}',
    // Pagefind writes its binary files as gzip streams of a signature and the data.
    'pagefind/wasm.en.pagefind': pagefindFile('\0asm'),
    'pagefind/pagefind.en_0a1b2c3d4e.pf_meta': pagefindFile('meta'),
    'pagefind/index/en_1a2b3c4.pf_index': pagefindFile('index'),
    'pagefind/fragment/en_5d6e7f8.pf_fragment': pagefindFile(JSON.stringify({ url: '/en/', content: 'Knowledge for defenders.' })),
    'pagefind/filter/en_9a8b7c6.pf_filter': 'not a gzip stream',
  };
  for (const recipient of recipients) files[`keys/${recipient.fingerprint}.asc`] = recipient.armoredPublicKey;
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function pagefindFile(data: string): Uint8Array {
  return gzipSync(Buffer.from(`pagefind_dcd${data}`));
}

/**
 * The settings of a relay that serves a site pinned to `recipients`, spools to a fresh
 * Maildir and mails every submission through the SMTP server at `smtpUrl`; `extra`
 * adds or overrides settings.
 */
export function mailingRelayEnv(recipients: readonly TestRecipient[], smtpUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SITE_DIR: makeSiteFolder(recipients),
    MAILDIR: temporaryFolder('maildir'),
    SMTP_URL: smtpUrl,
    MAIL_TO: 'reports@example.org',
    MAIL_FROM: 'relay@example.org',
    ...extra,
  };
}
