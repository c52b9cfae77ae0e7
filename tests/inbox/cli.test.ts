// `npm run inbox`, run as the operator runs it (Node 24 on src/inbox/cli.ts): it lists
// the embedded mailbox, decrypts each message, prints the summary and saves attachments
// with owner-only permissions; a wrong key fails clearly; a protected key takes its
// passphrase from NGAO_KEY_PASSPHRASE.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encryptKey } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import { safeFileName } from '../../src/inbox/cli.ts';
import { makeRecipient, type TestRecipient } from '../support/keys.ts';
import { node24, projectRoot, startRelayInProcess } from '../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../support/site.ts';

const run = promisify(execFile);
let organisation: TestRecipient;
let maildir: string;

beforeAll(async () => {
  organisation = await makeRecipient('Organisation');
  maildir = temporaryFolder('maildir');
  const relay = await startRelayInProcess({ SITE_DIR: makeSiteFolder([organisation]), MAILDIR: maildir, RATE_LIMIT_PER_HOUR: '0' });
  try {
    for (const story of ['CANARY-inbox-first', 'CANARY-inbox-second']) {
      const form = new FormData();
      const fields = { locale: 'en', affectedType: 'person', affected: 'A person', whatHappened: story, whenText: 'yesterday', country: 'UG', perpetratorType: 'state', consent: 'anonymised' };
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append('attachments', new File([`${story} file`], '../../evil name.txt', { type: 'text/plain' }));
      expect((await fetch(`${relay.url}/api/submissions/form`, { method: 'POST', body: form })).status).toBe(200);
    }
  } finally {
    await relay.close();
  }
});

async function inbox(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(node24, [join(projectRoot, 'src/inbox/cli.ts'), ...args], { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run inbox', () => {
  it('prints each summary and saves the attachments, readable by the owner only', async () => {
    const keyFile = join(temporaryFolder('key'), 'org.key');
    writeFileSync(keyFile, organisation.armoredPrivateKey, { mode: 0o600 });
    const out = temporaryFolder('inbox');
    const result = await inbox(['--key', keyFile, '--maildir', maildir, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(': 2 messages');
    expect(result.stdout).toContain('CANARY-inbox-first');
    expect(result.stdout).toContain('CANARY-inbox-second');
    expect(result.stdout).toMatch(/Subject: Testimony [0-9A-Z]{4}-/);

    const folders = readdirSync(out);
    expect(folders).toHaveLength(2);
    for (const folder of folders) {
      expect(statSync(join(out, folder)).mode & 0o777).toBe(0o700);
      const files = readdirSync(join(out, folder)).sort();
      expect(files).toHaveLength(2);
      expect(files.some((name) => /^ngao-submission-.*\.json$/.test(name))).toBe(true);
      expect(files).toContain('evil name.txt');
      for (const file of files) expect(statSync(join(out, folder, file)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(out, folder, 'evil name.txt'), 'utf8')).toMatch(/^CANARY-inbox-(first|second) file$/);
    }
    // Reading is not delivering: the Maildir is left as it was.
    expect(readdirSync(join(maildir, 'new'))).toHaveLength(2);
  });

  it('unlocks a passphrase-protected key from NGAO_KEY_PASSPHRASE', async () => {
    const locked = await encryptKey({ privateKey: organisation.privateKey, passphrase: 'correct horse' });
    const keyFile = join(temporaryFolder('key'), 'locked.key');
    writeFileSync(keyFile, locked.armor());
    const result = await inbox(['--key', keyFile, '--maildir', maildir, '--out', temporaryFolder('inbox')], { NGAO_KEY_PASSPHRASE: 'correct horse' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CANARY-inbox-first');
    const wrong = await inbox(['--key', keyFile, '--maildir', maildir], { NGAO_KEY_PASSPHRASE: 'wrong' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/cannot use the key/);
  });

  it('says which messages another key cannot open, and exits 2', async () => {
    const stranger = await makeRecipient('Stranger');
    const keyFile = join(temporaryFolder('key'), 'stranger.key');
    writeFileSync(keyFile, stranger.armoredPrivateKey);
    const result = await inbox(['--key', keyFile, '--maildir', maildir, '--out', temporaryFolder('inbox')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('cannot open this message with this key');
    expect(result.stdout).not.toContain('CANARY');
  });

  it('explains its usage without --key', async () => {
    const result = await inbox([]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('usage: npm run inbox -- --key');
  });
});

describe('safeFileName', () => {
  it('keeps names inside the folder and distinct', () => {
    const taken = new Set<string>();
    expect(safeFileName('../../etc/passwd', taken)).toBe('passwd');
    expect(safeFileName('..\\..\\boot.ini', taken)).toBe('boot.ini');
    expect(safeFileName('.hidden', taken)).toBe('hidden');
    expect(safeFileName('photo.jpg', taken)).toBe('photo.jpg');
    expect(safeFileName('PHOTO.jpg', taken)).toBe('PHOTO-2.jpg');
    expect(safeFileName('a\u0000b\nc.txt', taken)).toBe('a_b_c.txt');
    expect(safeFileName('', taken)).toBe('attachment');
    expect(safeFileName(null, taken)).toBe('attachment-2');
  });
});
