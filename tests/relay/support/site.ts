// A small stand-in for the built site (`dist/`): the relay tests must not depend on the
// Astro build, only on the folder layout it produces.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  const files: Record<string, string> = {
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
    'pagefind/fragment/en_1.pf_fragment': 'binary-ish',
  };
  for (const recipient of recipients) files[`keys/${recipient.fingerprint}.asc`] = recipient.armoredPublicKey;
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
