// The Maildir spool on a real file system: complete files in new/ or nothing, claims
// that keep two senders apart, and clean-up of what a crash leaves in tmp/.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maildirNameFor, MaildirSpool, SharedSync, SpoolWriteError, submissionIdFromName } from '../../../src/relay/spool/spool.ts';
import { temporaryFolder } from '../../support/site.ts';

const id = '0123456789abcdef0123456789abcdef';

async function freshSpool(): Promise<MaildirSpool> {
  const spool = new MaildirSpool(join(temporaryFolder('spool'), 'mail'));
  await spool.prepare();
  return spool;
}

describe('MaildirSpool', () => {
  it('creates the Maildir with owner-only permissions', async () => {
    const spool = await freshSpool();
    for (const folder of ['tmp', 'new', 'cur']) expect(statSync(join(spool.root, folder)).mode & 0o777).toBe(0o700);
  });

  it('stores a message whole in new/, mode 0600, nothing left in tmp/, named and dated to the hour only', async () => {
    const spool = await freshSpool();
    const acceptedAt = new Date('2026-11-22T10:11:12.345Z');
    const hour = Date.parse('2026-11-22T10:00:00Z');
    const name = maildirNameFor(id, acceptedAt);
    expect(name).toBe(`${hour / 1000}.${id}.ngao`);
    expect(await spool.store(id, [Buffer.from('head\n'), Buffer.from('body\n'), Buffer.from('tail\n')], acceptedAt)).toBe('stored');
    const file = join(spool.root, 'new', name);
    const info = statSync(file);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.mtimeMs).toBe(hour);
    expect(info.atimeMs).toBe(hour);
    // The sender reads it without touching its access time, which would be about the time it arrived.
    expect((await spool.readQueued(name))?.toString()).toBe('head\nbody\ntail\n');
    expect(statSync(file).atimeMs).toBe(hour);
    expect(readFileSync(file, 'utf8')).toBe('head\nbody\ntail\n');
    expect(readdirSync(join(spool.root, 'tmp'))).toEqual([]);
    expect(await spool.queued()).toEqual([name]);
  });

  it('stores many messages at once (their folder fsyncs are shared) and lists them oldest hour first', async () => {
    const spool = await freshSpool();
    const messages = Array.from({ length: 100 }, (_, i) => ({ id: i.toString(16).padStart(32, '0'), at: new Date(1_700_000_000_000 + i * 600_000) }));
    const names = messages.map(({ id, at }) => maildirNameFor(id, at));
    const outcomes = await Promise.all(messages.map(({ id, at }) => spool.store(id, [Buffer.from(id)], at)));
    expect(outcomes.every((outcome) => outcome === 'stored')).toBe(true);
    expect(await spool.queued()).toEqual([...names].sort());
    for (const [index, name] of names.entries()) expect(readFileSync(join(spool.root, 'new', name), 'utf8')).toBe(messages[index]!.id);
    expect(readdirSync(join(spool.root, 'tmp'))).toEqual([]);
  });

  it('stores the same message once, however many times and however concurrently it is stored', async () => {
    const spool = await freshSpool();
    const acceptedAt = new Date();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => spool.store(id, [Buffer.from('the same bytes')], acceptedAt)));
    expect(outcomes.filter((outcome) => outcome === 'stored')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'already_stored')).toHaveLength(19);
    expect(await spool.queued()).toEqual([maildirNameFor(id, acceptedAt)]);
    expect(readdirSync(join(spool.root, 'tmp'))).toEqual([]);
    // Later, as a retry after a lost answer.
    expect(await spool.store(id, [Buffer.from('the same bytes')], acceptedAt)).toBe('already_stored');
    expect(await spool.queued()).toHaveLength(1);
  });

  it('does not queue again a message that was already delivered', async () => {
    const spool = await freshSpool();
    const acceptedAt = new Date();
    await spool.store(id, [Buffer.from('x')], acceptedAt);
    await spool.markDelivered(maildirNameFor(id, acceptedAt));
    expect(await spool.store(id, [Buffer.from('x')], acceptedAt)).toBe('already_stored');
    expect(await spool.queued()).toEqual([]);
    expect(readdirSync(join(spool.root, 'cur'))).toEqual([`${maildirNameFor(id, acceptedAt)}:2,`]);
    expect(readdirSync(join(spool.root, 'tmp'))).toEqual([]);
  });

  it('fails with SpoolWriteError and leaves nothing behind when tmp/ or new/ cannot be used', async () => {
    for (const broken of ['tmp', 'new']) {
      const spool = await freshSpool();
      rmSync(join(spool.root, broken), { recursive: true });
      writeFileSync(join(spool.root, broken), 'not a folder');
      await expect(spool.store(id, [Buffer.from('x')], new Date())).rejects.toBeInstanceOf(SpoolWriteError);
      for (const folder of ['tmp', 'new'].filter((f) => f !== broken)) expect(readdirSync(join(spool.root, folder))).toEqual([]);
    }
  });

  it('moves a delivered message to cur/ with the Maildir info suffix', async () => {
    const spool = await freshSpool();
    const acceptedAt = new Date();
    const name = maildirNameFor(id, acceptedAt);
    await spool.store(id, [Buffer.from('x')], acceptedAt);
    await spool.markDelivered(name);
    expect(readdirSync(join(spool.root, 'new'))).toEqual([]);
    expect(readdirSync(join(spool.root, 'cur'))).toEqual([`${name}:2,`]);
    expect(submissionIdFromName(`${name}:2,`)).toBe(id);
    expect(await spool.readQueued(name)).toBeUndefined();
  });

  it('gives a message to one sender at a time, and lets another take over an abandoned claim', async () => {
    const spool = await freshSpool();
    const acceptedAt = new Date();
    const name = maildirNameFor(id, acceptedAt);
    await spool.store(id, [Buffer.from('x')], acceptedAt);
    const first = await spool.claim(name);
    expect(first).toBeDefined();
    expect(await spool.claim(name)).toBeUndefined();
    await first!.release();
    const second = await spool.claim(name);
    expect(second).toBeDefined();
    // The holder died: its claim is not renewed past the lease.
    const old = new Date(Date.now() - spool.claimLeaseMs - 1000);
    utimesSync(join(spool.root, 'tmp', `${name}.claim`), old, old);
    expect(await spool.claim(name)).toBeDefined();
  });

  it('sweeps crash remains from tmp/ but not files being written now, whatever their (rounded) times say', async () => {
    const spool = await freshSpool();
    const tmp = join(spool.root, 'tmp');
    writeFileSync(join(tmp, 'partial'), 'being written');
    mkdirSync(join(tmp, 'a-folder'));
    // A message being written has its times set back to the hour: up to an hour old.
    const hourAgo = new Date(Date.now() - 3_600_000 - 1000);
    utimesSync(join(tmp, 'partial'), hourAgo, hourAgo);
    expect(await spool.sweepTemporaryFiles()).toBe(0);
    expect(readdirSync(tmp).sort()).toEqual(['a-folder', 'partial']);
    // Two hours on, nobody is writing it any more.
    expect(await spool.sweepTemporaryFiles(Date.now() + 2 * 3_600_000)).toBe(1);
    expect(readdirSync(tmp)).toEqual(['a-folder']);
  });
});

describe('SharedSync (group commit of directory fsyncs)', () => {
  /** A sync operation the test finishes by hand, recording when each one started. */
  function manualOperation() {
    const runs: { finish(error?: Error): void }[] = [];
    const operation = () =>
      new Promise<void>((resolve, reject) => runs.push({ finish: (error) => (error ? reject(error) : resolve()) }));
    return { runs, operation };
  }

  it('covers a caller only with a sync that started after it asked, shared by everyone who asked meanwhile', async () => {
    const { runs, operation } = manualOperation();
    const shared = new SharedSync(operation);
    const settled: string[] = [];
    const first = shared.sync().then(() => settled.push('first'));
    expect(runs).toHaveLength(1);
    // These arrive while the first sync runs: it may have started before their links.
    const waiting = Array.from({ length: 5 }, (_, i) => shared.sync().then(() => settled.push(`waiting ${i}`)));
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await first;
    expect(settled).toEqual(['first']);
    // One more sync for all five of them.
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await Promise.all(waiting);
    expect(settled).toHaveLength(6);
    expect(runs).toHaveLength(2);
  });

  it('fails every caller waiting on a failed sync, and the next callers get a fresh one', async () => {
    const { runs, operation } = manualOperation();
    const shared = new SharedSync(operation);
    const running = shared.sync();
    const waiting = Array.from({ length: 3 }, () => shared.sync());
    runs[0]!.finish();
    await running;
    await new Promise((resolve) => setImmediate(resolve));
    runs[1]!.finish(Object.assign(new Error('I/O error'), { code: 'EIO' }));
    const outcomes = await Promise.allSettled(waiting);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const later = shared.sync();
    expect(runs).toHaveLength(3);
    runs[2]!.finish();
    await expect(later).resolves.toBeUndefined();
  });
});
