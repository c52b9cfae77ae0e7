import { randomBytes } from 'node:crypto';
import { close as closeFile, constants, fsync as fsyncFile, futimes as futimesFile, open as openFile, writev as writevFile } from 'node:fs';
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { startOfHour } from './start-of-hour.ts';

/**
 * The durable spool: a Maildir (`tmp/`, `new/`, `cur/`), which is also the embedded
 * mailbox when no SMTP server is configured.
 *
 * A submission is acknowledged only after `store` returns, and `store` returns only
 * after the message is complete on disk: written to `tmp/`, fsynced, linked into `new/`
 * (Maildir's classic delivery), and the `new/` directory fsynced so that the link itself
 * survives a power cut. A crash at any point leaves either nothing in `new/` or the
 * whole message. A message's name is derived from its content, so the same message sent
 * twice (a retry after a lost answer) is stored once: the link of the second copy finds
 * the first in place.
 *
 * Nothing written here is more precise than the hour: file names carry the hour of
 * acceptance and file times are set back to it, so that a seized disk cannot be matched
 * to the second against network logs.
 *
 * With SMTP delivery, `new/` is the queue and `cur/` holds what the server accepted.
 * Several relay instances may share one spool: a sender first takes a claim on a message
 * (an exclusive lock file in `tmp/`, renewed while it sends), so two instances never
 * send the same message at the same time.
 */

export class SpoolWriteError extends Error {
  override name = 'SpoolWriteError';
}

/**
 * File name of a submission in the Maildir: Maildir's `time.unique.host` form, with the
 * hour of acceptance (Unix seconds, rounded down) as the time and the submission id as
 * the unique part. Names sort by hour, which is all the delivery order needs.
 */
export function maildirNameFor(id: string, acceptedAt: Date): string {
  return `${startOfHour(acceptedAt).getTime() / 1000}.${id}.ngao`;
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
 * One operation (the fsync of a directory) shared between concurrent callers: group
 * commit. A caller must be covered by a sync that *started* after its link, so it joins
 * the next sync to start, never the one already running; everyone who arrives meanwhile
 * shares that next one, and if it fails, it fails for all of them. Under load this turns
 * one directory fsync per submission into one per batch.
 */
export class SharedSync {
  readonly #operation: () => Promise<void>;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(operation: () => Promise<void>) {
    this.#operation = operation;
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
    const running: Promise<void> = this.#operation().finally(() => {
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
  readonly #syncNew: SharedSync;
  readonly #syncCur: SharedSync;

  constructor(root: string, options: MaildirSpoolOptions = {}) {
    this.root = root;
    this.claimLeaseMs = options.claimLeaseMs ?? 2 * 60_000;
    this.#staleTemporaryMs = options.staleTemporaryMs ?? 60 * 60_000;
    this.#tmp = join(root, 'tmp');
    this.#new = join(root, 'new');
    this.#cur = join(root, 'cur');
    this.#syncNew = new SharedSync(() => syncDirectory(this.#new));
    this.#syncCur = new SharedSync(() => syncDirectory(this.#cur));
  }

  /** Creates the Maildir if needed (owner-only permissions) and clears crash remains from `tmp/`. */
  async prepare(): Promise<void> {
    for (const folder of [this.#tmp, this.#new, this.#cur]) await mkdir(folder, { recursive: true, mode: 0o700 });
    await this.sweepTemporaryFiles();
  }

  /**
   * Writes the message `id` durably into `new/`, unless it is already there or already
   * delivered (`cur/`); either way, once this returns, the message is on disk. Throws
   * `SpoolWriteError` if any step fails. A failure before the link leaves nothing in
   * `new/`; a failure of the final directory fsync leaves the complete message there (its
   * name may or may not survive a power cut), never deleting what another request for
   * the same message may already have been told is stored.
   */
  async store(id: string, chunks: readonly Uint8Array[], acceptedAt: Date): Promise<'stored' | 'already_stored'> {
    const name = maildirNameFor(id, acceptedAt);
    const final = join(this.#new, name);
    // Each attempt writes its own temporary file, so that two identical submissions
    // arriving together do not collide here; the link below lets exactly one into new/.
    const temporary = join(this.#tmp, `${name}.${randomBytes(6).toString('hex')}`);
    const hour = startOfHour(acceptedAt);
    let linked: boolean;
    let fd: number | undefined;
    try {
      // Plain file descriptors and one writev: each call below is one trip to Node's
      // worker pool, and under load those trips are most of what a submission costs.
      fd = await callback<number>((done) => openFile(temporary, 'wx', 0o600, done));
      const expected = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      const written = await callback<number>((done) => writevFile(fd!, chunks as Uint8Array[], done));
      if (written !== expected) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
      // After the write (which sets them to now) and before the fsync, so that the
      // rounded times are the ones made durable.
      await callback<void>((done) => futimesFile(fd!, hour, hour, done));
      await callback<void>((done) => fsyncFile(fd!, done));
      const closing = fd;
      fd = undefined;
      await callback<void>((done) => closeFile(closing, done));
      linked = await link(temporary, final).then(
        () => true,
        (error: unknown) => {
          if (errorCode(error) === 'EEXIST') return false;
          throw error;
        },
      );
    } catch (error) {
      if (fd !== undefined) closeFile(fd, () => {});
      await rm(temporary, { force: true }).catch(() => {});
      throw new SpoolWriteError(`the spool cannot be written (${errorCode(error) ?? 'unknown error'})`, { cause: error });
    }

    try {
      // An existing copy in new/ may have been linked a moment ago by a request still
      // waiting for its own directory fsync: this one waits for a sync too.
      const [, , delivered] = await Promise.all([
        this.#syncNew.sync(),
        unlink(temporary).catch(() => {}),
        linked ? this.#isDelivered(name) : Promise.resolve(false),
      ]);
      if (!linked) return 'already_stored';
      if (delivered) {
        // A retry of a message already sent: the copy just linked must not be sent again.
        await rm(final, { force: true });
        return 'already_stored';
      }
      return 'stored';
    } catch (error) {
      throw new SpoolWriteError(`the spool cannot be written (${errorCode(error) ?? 'unknown error'})`, { cause: error });
    }
  }

  async #isDelivered(name: string): Promise<boolean> {
    return stat(join(this.#cur, `${name}:2,`)).then(
      () => true,
      () => false,
    );
  }

  /** Names of the messages waiting in `new/`, oldest hour first (names start with the hour of acceptance). */
  async queued(): Promise<string[]> {
    const names = await readdir(this.#new);
    return names.filter((name) => !name.startsWith('.')).sort();
  }

  /**
   * A message from `new/`, or undefined if it is no longer there (delivered by another
   * instance). Read without updating its access time, which would otherwise record about
   * when it arrived.
   */
  async readQueued(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.#new, name), { flag: constants.O_RDONLY | constants.O_NOATIME });
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
      const claim = name.endsWith('.claim');
      const limit = claim ? Math.max(this.claimLeaseMs, this.#staleTemporaryMs) : this.#staleTemporaryMs;
      // A claim's age is its last renewal (mtime). A message's mtime is set back to the
      // hour, so its age is the last change of its inode (ctime), which nothing can set back.
      if (now - (claim ? info.mtimeMs : info.ctimeMs) > limit) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
