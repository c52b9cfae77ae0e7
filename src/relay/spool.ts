import { close as closeFile, fsync as fsyncFile, open as openFile, writev as writevFile } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The durable spool: a Maildir (`tmp/`, `new/`, `cur/`), which is also the embedded
 * mailbox when no SMTP server is configured.
 *
 * A submission is acknowledged only after `store` returns, and `store` returns only
 * after the message is complete on disk: written to `tmp/`, fsynced, renamed into
 * `new/`, and the `new/` directory fsynced so that the rename itself survives a power
 * cut. A crash at any point leaves either nothing in `new/` or the whole message.
 *
 * With SMTP delivery, `new/` is the queue and `cur/` holds what the server accepted.
 * Several relay instances may share one spool: a sender first takes a claim on a message
 * (an exclusive lock file in `tmp/`, renewed while it sends), so two instances never
 * send the same message at the same time.
 */

export class SpoolWriteError extends Error {
  override name = 'SpoolWriteError';
}

/** File name of a submission in the Maildir: Maildir's `time.unique.host` form, with the submission id as the unique part. */
export function maildirNameFor(id: string, acceptedAt: Date): string {
  return `${Math.floor(acceptedAt.getTime() / 1000)}.${id}.ngao`;
}

/** The submission id inside a Maildir file name (`new/` or `cur/`), if it is one of ours. */
export function submissionIdFromName(name: string): string | undefined {
  return /^\d+\.([0-9a-f]{32})\.ngao(?::2,.*)?$/.exec(name)?.[1];
}

/** A Node callback-style call as a promise. */
function callback<T>(call: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value))));
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * fsync of one directory, shared between concurrent callers. A caller must be covered
 * by a sync that *started* after its rename, so it joins the next sync to start, never
 * the one already running; everyone who arrives meanwhile shares that next one. Under
 * load this turns one directory fsync per submission into one per batch.
 */
class DirectorySync {
  readonly #path: string;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(path: string) {
    this.#path = path;
  }

  sync(): Promise<void> {
    if (!this.#running) return this.#start();
    this.#next ??= this.#running
      .catch(() => {})
      .then(() => {
        this.#next = undefined;
        return this.#start();
      });
    return this.#next;
  }

  #start(): Promise<void> {
    const running: Promise<void> = syncDirectory(this.#path).finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }
}

export interface MaildirSpoolOptions {
  /** A claim not renewed for this long belongs to a sender that died; another may take it over. */
  claimLeaseMs?: number;
  /** Files left in `tmp/` longer than this are remains of a crash and are removed. */
  staleTemporaryMs?: number;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

export class MaildirSpool {
  readonly root: string;
  readonly claimLeaseMs: number;
  readonly #staleTemporaryMs: number;
  readonly #tmp: string;
  readonly #new: string;
  readonly #cur: string;
  readonly #syncNew: DirectorySync;
  readonly #syncCur: DirectorySync;

  constructor(root: string, options: MaildirSpoolOptions = {}) {
    this.root = root;
    this.claimLeaseMs = options.claimLeaseMs ?? 2 * 60_000;
    this.#staleTemporaryMs = options.staleTemporaryMs ?? 60 * 60_000;
    this.#tmp = join(root, 'tmp');
    this.#new = join(root, 'new');
    this.#cur = join(root, 'cur');
    this.#syncNew = new DirectorySync(this.#new);
    this.#syncCur = new DirectorySync(this.#cur);
  }

  /** Creates the Maildir if needed (owner-only permissions) and clears crash remains from `tmp/`. */
  async prepare(): Promise<void> {
    for (const folder of [this.#tmp, this.#new, this.#cur]) await mkdir(folder, { recursive: true, mode: 0o700 });
    await this.sweepTemporaryFiles();
  }

  /**
   * Writes one message durably into `new/`. Throws `SpoolWriteError` if any step fails,
   * after removing what it wrote: an unacknowledged submission must not be delivered.
   */
  async store(name: string, chunks: readonly Uint8Array[]): Promise<void> {
    const temporary = join(this.#tmp, name);
    const final = join(this.#new, name);
    let renamed = false;
    let fd: number | undefined;
    try {
      // Plain file descriptors and one writev: each call below is one trip to Node's
      // worker pool, and under load those trips are most of what a submission costs.
      fd = await callback<number>((done) => openFile(temporary, 'wx', 0o600, done));
      const expected = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      const written = await callback<number>((done) => writevFile(fd!, chunks as Uint8Array[], done));
      if (written !== expected) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      await callback<void>((done) => fsyncFile(fd!, done));
      const closing = fd;
      fd = undefined;
      await callback<void>((done) => closeFile(closing, done));
      await rename(temporary, final);
      renamed = true;
      await this.#syncNew.sync();
    } catch (error) {
      if (fd !== undefined) closeFile(fd, () => {});
      await rm(renamed ? final : temporary, { force: true }).catch(() => {});
      throw new SpoolWriteError(`the spool cannot be written (${errorCode(error) ?? 'unknown error'})`, { cause: error });
    }
  }

  /** Names of the messages waiting in `new/`, oldest first (names start with the acceptance time). */
  async queued(): Promise<string[]> {
    const names = await readdir(this.#new);
    return names.filter((name) => !name.startsWith('.')).sort();
  }

  /** A message from `new/`, or undefined if it is no longer there (delivered by another instance). */
  async readQueued(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.#new, name));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Moves a message the SMTP server accepted from `new/` to `cur/`, durably. */
  async markDelivered(name: string): Promise<void> {
    await rename(join(this.#new, name), join(this.#cur, `${name}:2,`));
    await Promise.all([this.#syncCur.sync(), this.#syncNew.sync()]);
  }

  /**
   * Takes the exclusive right to send `name`, or returns undefined if another sender
   * holds it. The returned claim must be renewed at least every `claimLeaseMs` and released.
   */
  async claim(name: string): Promise<{ renew(): Promise<void>; release(): Promise<void> } | undefined> {
    const lock = join(this.#tmp, `${name}.claim`);
    const take = async () => {
      try {
        await (await open(lock, 'wx', 0o600)).close();
        return true;
      } catch (error) {
        if (errorCode(error) === 'EEXIST') return false;
        throw error;
      }
    };
    if (!(await take())) {
      const info = await stat(lock).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs < this.claimLeaseMs) return undefined;
      await rm(lock, { force: true });
      if (!(await take())) return undefined;
    }
    return {
      renew: async () => {
        const now = new Date();
        await utimes(lock, now, now).catch(() => {});
      },
      release: async () => {
        await rm(lock, { force: true }).catch(() => {});
      },
    };
  }

  /** Removes from `tmp/` what a crash left behind: half-written messages and abandoned claims. */
  async sweepTemporaryFiles(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.#tmp)) {
      const path = join(this.#tmp, name);
      const info = await stat(path).catch(() => undefined);
      if (!info || !info.isFile()) continue;
      const limit = name.endsWith('.claim') ? Math.max(this.claimLeaseMs, this.#staleTemporaryMs) : this.#staleTemporaryMs;
      if (now - info.mtimeMs > limit) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
