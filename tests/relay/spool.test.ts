// The Maildir spool on a real file system: complete files in new/ or nothing, claims
// that keep two senders apart, and clean-up of what a crash leaves in tmp/.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maildirNameFor, MaildirSpool, SpoolWriteError, submissionIdFromName } from '../../src/relay/spool.ts';
import { temporaryFolder } from './support/site.ts';

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

  it('stores a message whole in new/, mode 0600, nothing left in tmp/', async () => {
    const spool = await freshSpool();
    const name = maildirNameFor(id, new Date('2026-11-22T10:11:12Z'));
    expect(name).toBe(`${Date.parse('2026-11-22T10:11:12Z') / 1000}.${id}.ngao`);
    await spool.store(name, [Buffer.from('head\n'), Buffer.from('body\n'), Buffer.from('tail\n')]);
    expect(readFileSync(join(spool.root, 'new', name), 'utf8')).toBe('head\nbody\ntail\n');
    expect(statSync(join(spool.root, 'new', name)).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(spool.root, 'tmp'))).toEqual([]);
    expect(await spool.queued()).toEqual([name]);
  });

  it('stores many messages at once (their folder fsyncs are shared) and lists them oldest first', async () => {
    const spool = await freshSpool();
    const names = Array.from({ length: 100 }, (_, i) => maildirNameFor(i.toString(16).padStart(32, '0'), new Date(1_700_000_000_000 + i * 1000)));
    await Promise.all(names.map((name) => spool.store(name, [Buffer.from(name)])));
    expect(await spool.queued()).toEqual([...names].sort());
    for (const name of names) expect(readFileSync(join(spool.root, 'new', name), 'utf8')).toBe(name);
  });

  it('fails with SpoolWriteError and leaves nothing behind when tmp/ or new/ cannot be used', async () => {
    for (const broken of ['tmp', 'new']) {
      const spool = await freshSpool();
      rmSync(join(spool.root, broken), { recursive: true });
      writeFileSync(join(spool.root, broken), 'not a folder');
      await expect(spool.store(maildirNameFor(id, new Date()), [Buffer.from('x')])).rejects.toBeInstanceOf(SpoolWriteError);
      for (const folder of ['tmp', 'new'].filter((f) => f !== broken)) expect(readdirSync(join(spool.root, folder))).toEqual([]);
    }
  });

  it('moves a delivered message to cur/ with the Maildir info suffix', async () => {
    const spool = await freshSpool();
    const name = maildirNameFor(id, new Date());
    await spool.store(name, [Buffer.from('x')]);
    await spool.markDelivered(name);
    expect(readdirSync(join(spool.root, 'new'))).toEqual([]);
    expect(readdirSync(join(spool.root, 'cur'))).toEqual([`${name}:2,`]);
    expect(submissionIdFromName(`${name}:2,`)).toBe(id);
    expect(await spool.readQueued(name)).toBeUndefined();
  });

  it('gives a message to one sender at a time, and lets another take over an abandoned claim', async () => {
    const spool = await freshSpool();
    const name = maildirNameFor(id, new Date());
    await spool.store(name, [Buffer.from('x')]);
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

  it('sweeps crash remains from tmp/ but not files being written now', async () => {
    const spool = await freshSpool();
    const tmp = join(spool.root, 'tmp');
    writeFileSync(join(tmp, 'old-partial'), 'half a message');
    writeFileSync(join(tmp, 'fresh-partial'), 'being written');
    mkdirSync(join(tmp, 'a-folder'));
    const old = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(tmp, 'old-partial'), old, old);
    expect(await spool.sweepTemporaryFiles()).toBe(1);
    expect(readdirSync(tmp).sort()).toEqual(['a-folder', 'fresh-partial']);
  });
});
