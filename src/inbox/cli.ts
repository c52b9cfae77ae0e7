/**
 * `npm run inbox -- --key <private key file> [--maildir var/mail] [--out var/inbox]`
 *
 * Reads the embedded mailbox without a mail client: lists the Maildir's messages,
 * decrypts each with the organisation's private key, prints the text summary and saves
 * the attachments (the JSON record among them) to `<out>/<submission id>/`. For the demo
 * key and for small organisations without Thunderbird set up. It only reads the Maildir:
 * nothing is moved, so SMTP delivery from the same folder is not disturbed.
 *
 * What it writes is the testimony in the clear: files are created readable by their
 * owner only, and the folder should live on an encrypted disk and be deleted after use.
 * A passphrase-protected key asks for its passphrase on the terminal (or reads
 * NGAO_KEY_PASSPHRASE, for scripts).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decrypt, decryptKey, readMessage, readPrivateKey, type PrivateKey } from 'openpgp';
import PostalMime from 'postal-mime';
import { submissionIdFromName } from '../relay/spool/spool.ts';

export interface MaildirEntry {
  folder: 'new' | 'cur';
  name: string;
  path: string;
}

/** Messages of a Maildir, oldest hour first (names start with the hour of acceptance). */
export async function listMaildir(maildir: string): Promise<MaildirEntry[]> {
  const entries: MaildirEntry[] = [];
  for (const folder of ['new', 'cur'] as const) {
    const names = await readdir(join(maildir, folder)).catch(() => [] as string[]);
    for (const name of names) if (!name.startsWith('.')) entries.push({ folder, name, path: join(maildir, folder, name) });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** The armoured block of a PGP/MIME message as the relay writes it. */
export function extractArmour(message: string): string | undefined {
  return /-----BEGIN PGP MESSAGE-----\r?\n[\s\S]*?-----END PGP MESSAGE-----/.exec(message)?.[0];
}

/**
 * A file name that stays inside the output folder and cannot clash with one already
 * used: no folders, no control characters, no leading dots.
 */
export function safeFileName(name: string | null | undefined, taken: Set<string>, fallback = 'attachment'): string {
  const base =
    (name ?? '')
      .split(/[/\\]/)
      .pop()!
      .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
      .replace(/^[.\s]+/, '')
      .trim()
      .slice(0, 150) || fallback;
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
    const dot = base.lastIndexOf('.');
    candidate = dot > 0 ? `${base.slice(0, dot)}-${n}${base.slice(dot)}` : `${base}-${n}`;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

export interface OpenedSubmission {
  subject: string | undefined;
  /** The text summary, in the submitter's language. */
  text: string;
  attachments: { fileName: string; type: string; content: Uint8Array }[];
}

/** Decrypts one spooled message and parses the MIME entity inside. */
export async function openSubmission(raw: string, key: PrivateKey): Promise<OpenedSubmission> {
  const armoredMessage = extractArmour(raw);
  if (!armoredMessage) throw new Error('no encrypted part found');
  const { data } = await decrypt({ message: await readMessage({ armoredMessage }), decryptionKeys: key, format: 'binary' });
  const entity = await PostalMime.parse(data as Uint8Array);
  const taken = new Set<string>();
  return {
    subject: entity.subject,
    text: (entity.text ?? '').trim(),
    attachments: entity.attachments.map((attachment, index) => ({
      fileName: safeFileName(attachment.filename, taken, `attachment-${index + 1}`),
      type: attachment.mimeType,
      content:
        typeof attachment.content === 'string'
          ? new TextEncoder().encode(attachment.content)
          : attachment.content instanceof Uint8Array
            ? attachment.content
            : new Uint8Array(attachment.content),
    })),
  };
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Reads a passphrase from the terminal without echoing it. */
async function askPassphrase(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) throw new Error('the key is protected by a passphrase: set NGAO_KEY_PASSPHRASE or run in a terminal');
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  return new Promise((resolvePassphrase, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done();
          return resolvePassphrase(typed);
        }
        if (char === '\u0003') {
          done();
          return reject(new Error('cancelled'));
        }
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    };
    const done = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}

async function loadPrivateKey(file: string): Promise<PrivateKey> {
  const key = await readPrivateKey({ armoredKey: await readFile(file, 'utf8') });
  if (key.isDecrypted()) return key;
  const passphrase = process.env.NGAO_KEY_PASSPHRASE ?? (await askPassphrase(`Passphrase for ${key.getFingerprint().toUpperCase()}: `));
  return decryptKey({ privateKey: key, passphrase });
}

const usage = 'usage: npm run inbox -- --key <private key file> [--maildir var/mail] [--out var/inbox]';

async function main(): Promise<number> {
  let values: { key?: string | undefined; maildir?: string | undefined; out?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      options: { key: { type: 'string' }, maildir: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 1;
  }
  if (values.help || !values.key) {
    process.stderr.write(`${usage}\n`);
    return values.help ? 0 : 1;
  }
  const maildir = resolve(values.maildir ?? process.env.MAILDIR ?? 'var/mail');
  const out = resolve(values.out ?? 'var/inbox');

  let key: PrivateKey;
  try {
    key = await loadPrivateKey(values.key);
  } catch (error) {
    process.stderr.write(`cannot use the key in ${values.key}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }

  const entries = await listMaildir(maildir);
  process.stdout.write(`${maildir}: ${entries.length} message${entries.length === 1 ? '' : 's'}\n`);
  let failures = 0;
  for (const [index, entry] of entries.entries()) {
    const raw = await readFile(entry.path, 'latin1');
    const id = submissionIdFromName(entry.name) ?? entry.name;
    const date = /^Date: (.+)$/m.exec(raw)?.[1] ?? 'unknown date';
    process.stdout.write(`\n${'─'.repeat(60)}\n${index + 1}. ${date} · ${id} · ${entry.folder === 'new' ? 'new' : 'delivered/read'}\n`);
    try {
      const opened = await openSubmission(raw, key);
      if (opened.subject) process.stdout.write(`Subject: ${opened.subject}\n`);
      process.stdout.write(`\n${opened.text}\n`);
      if (opened.attachments.length > 0) {
        const folder = join(out, safeFileName(id, new Set()));
        await mkdir(folder, { recursive: true, mode: 0o700 });
        for (const attachment of opened.attachments) {
          await writeFile(join(folder, attachment.fileName), attachment.content, { mode: 0o600 });
        }
        const list = opened.attachments.map((a) => `${a.fileName} (${humanSize(a.content.length)})`).join(', ');
        process.stdout.write(`\nSaved in ${folder}: ${list}\n`);
      }
    } catch (error) {
      failures++;
      process.stdout.write(`cannot open this message with this key: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (failures > 0) process.stderr.write(`${failures} message${failures === 1 ? '' : 's'} could not be opened.\n`);
  return failures > 0 ? 2 : 0;
}

if (import.meta.main) process.exitCode = await main();
