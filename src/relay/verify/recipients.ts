import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readKey, type PublicKey } from 'openpgp';
import { loadRecipientKeys } from '../../keys/load.ts';
import type { RecipientKey } from './verify.ts';

/**
 * The recipient keys the relay accepts are the ones the built site publishes at
 * `<SITE_DIR>/keys/<FINGERPRINT>.asc`, the very files the form encrypts to. Reading them
 * from there (rather than from a second configured copy) means the relay and the form
 * can never disagree, and a deploy that rotates the key changes both at once.
 */

/** Describes keys for `verifySubmission`: each key's fingerprint and its (sub)keys valid for encryption now. */
export async function describeRecipients(keys: readonly PublicKey[], now = new Date()): Promise<RecipientKey[]> {
  const described: RecipientKey[] = [];
  for (const key of keys) {
    const encryptionKeys: { keyID: string; algorithm: number }[] = [];
    for (const candidate of key.getKeys()) {
      try {
        const usable = await key.getEncryptionKey(candidate.getKeyID(), now);
        encryptionKeys.push({ keyID: usable.getKeyID().toHex(), algorithm: usable.keyPacket.algorithm });
      } catch {
        // Not an encryption-capable, valid (sub)key: a message addressed to it is refused.
      }
    }
    if (encryptionKeys.length === 0) {
      throw new Error(`key ${key.getFingerprint().toUpperCase()} has no valid encryption (sub)key (expired, revoked or sign-only)`);
    }
    described.push({ fingerprint: key.getFingerprint().toUpperCase(), encryptionKeys });
  }
  return described;
}

/**
 * Reads and validates every `*.asc` key in `folder` with the same rules as the build
 * (`src/keys/load.ts`), so a key the build would refuse is refused here too; the error
 * names each bad file. A folder without any key is an error: the relay would accept nothing.
 */
export async function readRecipientKeyFiles(folder: string): Promise<{ keys: PublicKey[]; armored: string[] }> {
  const loaded = await loadRecipientKeys(folder);
  if (loaded.length === 0) throw new Error(`${folder}: no recipient key (*.asc) found; build the site with the organisation's key first`);
  return { keys: await Promise.all(loaded.map(async (key) => readKey({ armoredKey: key.armored }))), armored: loaded.map((key) => key.armored) };
}

/** A fingerprint of the key folder's state: names, sizes and modification times. */
async function folderState(folder: string): Promise<string> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.asc')).sort();
  const parts = await Promise.all(
    names.map(async (name) => {
      const info = await stat(join(folder, name));
      return `${name}:${info.size}:${info.mtimeMs}`;
    }),
  );
  return parts.join('|');
}

/**
 * The current recipient set, reloaded when a deploy changes `<SITE_DIR>/keys/`. The
 * folder is looked at no more than once per `recheckMs`, so a burst of submissions
 * costs one `readdir`, not one per request. A broken reload keeps the previous keys
 * and reports the problem through `onReloadError`.
 */
export class RecipientKeyring {
  readonly #folder: string;
  readonly #recheckMs: number;
  readonly #onReloadError: (message: string) => void;
  #recipients: RecipientKey[] = [];
  #armored: string[] = [];
  #state = '';
  #checkedAt = 0;
  #checking: Promise<void> | undefined;

  private constructor(folder: string, recheckMs: number, onReloadError: (message: string) => void) {
    this.#folder = folder;
    this.#recheckMs = recheckMs;
    this.#onReloadError = onReloadError;
  }

  /** Loads the keys of `<siteDir>/keys`; throws a message naming the file if any is unusable. */
  static async open(
    siteDir: string,
    options: { recheckMs?: number; onReloadError?: (message: string) => void } = {},
  ): Promise<RecipientKeyring> {
    const keyring = new RecipientKeyring(join(siteDir, 'keys'), options.recheckMs ?? 10_000, options.onReloadError ?? (() => {}));
    await keyring.#load();
    return keyring;
  }

  async #load(): Promise<void> {
    const state = await folderState(this.#folder).catch(() => '');
    const { keys, armored } = await readRecipientKeyFiles(this.#folder);
    this.#recipients = await describeRecipients(keys);
    this.#armored = armored;
    this.#state = state;
    this.#checkedAt = Date.now();
  }

  /** The recipient keys as of now (reloading first if the folder changed). */
  async current(): Promise<RecipientKey[]> {
    if (Date.now() - this.#checkedAt >= this.#recheckMs) {
      this.#checking ??= this.#recheck().finally(() => {
        this.#checking = undefined;
      });
      await this.#checking;
    }
    return this.#recipients;
  }

  async #recheck(): Promise<void> {
    this.#checkedAt = Date.now();
    const state = await folderState(this.#folder).catch(() => this.#state);
    if (state === this.#state) return;
    try {
      await this.#load();
    } catch (error) {
      this.#state = state;
      this.#onReloadError(error instanceof Error ? error.message : String(error));
    }
  }

  /** The keys as the form pins and fetches them, for encrypting on the server (the no-JS form). */
  async pinned(): Promise<{ pinnedFingerprints: string[]; armoredKeys: string[] }> {
    const recipients = await this.current();
    return { pinnedFingerprints: recipients.map((recipient) => recipient.fingerprint), armoredKeys: [...this.#armored] };
  }

  /** Fingerprints of the accepted keys, for the start-up log line. */
  get fingerprints(): string[] {
    return this.#recipients.map((recipient) => recipient.fingerprint);
  }
}
