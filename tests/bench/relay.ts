// The relay's rows of `npm run bench` (see `relay-rows.ts` for the contract):
//
// - accepted 50 KB submissions per second, each fsynced before its 202, beside the raw
//   rate of the same disk (write + fsync + rename of 50 KB files, one after another)
//   measured in the same run, in the same folder;
// - p50 / p99 latency of those submissions at a steady 250/s (half the budgeted rate);
// - the same p99 while 25 MB bodies arrive one after another from a second load
//   generator: verifying a large body must not stop the relay answering small ones;
// - the relay's resident memory while 25 MB bodies are posted, and whether it stays flat.
//
// The relay runs as its own process (`src/relay/start.ts`, as in production), so its
// memory is its own; the load comes from another (`relay-load.ts` says why). Nothing here
// asserts a timing.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createMessage, encrypt, readKey } from 'openpgp';
import { budgetRow, budgets, budgetText } from './budgets.ts';
import { formatMs, median, reference, type BenchRow } from './rows.ts';
import type { LoadJob, LoadResult } from './relay-load.ts';
import type { RelayBenchContext } from './relay-rows.ts';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.ts';

const KB50 = 50 * 1000;

/** Encrypts random bytes to the site's keys so that the armoured message is about `armouredBytes` long. */
async function armouredOfSize(siteDir: string, armouredBytes: number): Promise<string> {
  const folder = join(siteDir, 'keys');
  const keys = await Promise.all(
    readdirSync(folder)
      .filter((name) => name.endsWith('.asc'))
      .map(async (name) => readKey({ armoredKey: readFileSync(join(folder, name), 'utf8') })),
  );
  if (keys.length === 0) throw new Error(`no recipient key in ${folder}`);
  // Armour costs 4/3 plus a line end per 60 characters; leave room for the session keys.
  const payload = Math.max(1, Math.floor(((armouredBytes - 300 * keys.length) * 3) / 4 / (61 / 60)));
  return encrypt({ message: await createMessage({ binary: randomBytes(payload) }), encryptionKeys: keys, format: 'armored' });
}

/**
 * Write + fsync + rename of `count` files of 50 KB, one after another: what the disk
 * itself allows. Returns the rate and each operation's latency.
 */
async function rawFsync(folder: string, count: number): Promise<{ perSecond: number; latencies: number[] }> {
  const tmp = join(folder, 'tmp');
  const done = join(folder, 'new');
  mkdirSync(tmp, { recursive: true });
  mkdirSync(done, { recursive: true });
  const data = randomBytes(KB50);
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const one = performance.now();
    const handle = await open(join(tmp, `f${i}`), 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(join(tmp, `f${i}`), join(done, `f${i}`));
    latencies.push(performance.now() - one);
  }
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(Array.from({ length: count }, (_, i) => unlink(join(done, `f${i}`))));
  return { perSecond: count / seconds, latencies };
}

function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

async function startRelay(context: RelayBenchContext, maildir: string): Promise<RelayProcess> {
  return startRelayProcess({ SITE_DIR: context.siteDir, MAILDIR: maildir, RATE_LIMIT_PER_HOUR: '0' }, { keepLog: false });
}

/** The load generator, in its own process (`relay-load.ts` says why). */
function startLoadGenerator(): { run(job: LoadJob): Promise<{ latencies: number[]; seconds: number }>; stop(): Promise<void> } {
  const child = fork(join(import.meta.dirname, 'relay-load.ts'), [], { execPath: process.execPath, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
        child.once('exit', onExit);
        child.once('message', (result: LoadResult) => {
          child.off('exit', onExit);
          if (result.ok) resolve(result);
          else reject(new Error(result.error));
        });
        child.send(job);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function relayRows(context: RelayBenchContext): Promise<BenchRow[]> {
  mkdirSync(context.workDir, { recursive: true });
  const rows: BenchRow[] = [];
  const maildir = join(context.workDir, 'mail');

  // The bodies go to the load generator as files, encrypted once here.
  const small = join(context.workDir, 'body-50KB.asc');
  const large = join(context.workDir, 'body-25MB.asc');
  writeFileSync(small, await armouredOfSize(context.siteDir, KB50));
  writeFileSync(large, await armouredOfSize(context.siteDir, 25 * 1000 * 1000));
  const bodyBytes = (file: string) => readFileSync(file).length;
  const relay = await startRelay(context, maildir);
  const load = startLoadGenerator();
  const postMany = async (bodyFile: string, count: number, concurrency: number) =>
    load.run({ kind: 'closed', url: relay.url, bodyFile, count, concurrency });
  try {
    context.log('relay: 50 KB submissions, beside the raw fsync rate of the same disk…');
    await postMany(small, 200, 16); // warm-up: JIT, connections, the folder's first entries
    // The disk and the relay are measured in turns, three times, and each figure is the
    // median of its three: a burst of other work on the machine then moves both, or
    // neither, instead of only one of them.
    const concurrency = 16;
    const perRound = 1500;
    const rawRates: number[] = [];
    const rawLatencies: number[] = [];
    const relayRates: number[] = [];
    const saturated: number[] = [];
    for (let round = 0; round < 3; round++) {
      const disk = await rawFsync(join(context.workDir, 'raw-fsync'), 500);
      rawRates.push(disk.perSecond);
      rawLatencies.push(...disk.latencies);
      const { latencies, seconds } = await postMany(small, perRound, concurrency);
      saturated.push(...latencies);
      relayRates.push(perRound / seconds);
    }
    const raw = median(rawRates);
    const rate = median(relayRates);
    rows.push(
      reference({
        id: 'relay.raw-fsync-per-second',
        label: 'disk: write + fsync + rename of 50 KB files, one at a time',
        measured: `${Math.round(raw)}/s (p99 ${formatMs(percentile(rawLatencies, 99))} each)`,
        value: raw,
        unit: '/s',
        detail: { rounds: rawRates, p50: percentile(rawLatencies, 50), p99: percentile(rawLatencies, 99), max: Math.max(...rawLatencies) },
      }),
    );
    const needed = Math.max(budgets.relayAccepted.limit, 0.35 * raw);
    rows.push(
      budgetRow(budgets.relayAccepted, {
        id: 'relay.accepted-per-second',
        label: 'relay: accepted 50 KB submissions/s, fsynced',
        value: rate,
        runLimit: { limit: needed, text: `${budgetText(budgets.relayAccepted)} and ≥ 0.35 × raw fsync (${Math.round(needed)}/s)` },
        suffix: `(${(rate / raw).toFixed(2)} × raw fsync)`,
        detail: { rounds: relayRates, submissionsPerRound: perRound, concurrency, bodyBytes: bodyBytes(small), rawFsyncPerSecond: Math.round(raw) },
      }),
    );
    // Latency at a steady half of the budgeted rate: what a submitter waits for on a
    // relay that is busy but not saturated (at saturation, latency only measures the queue).
    const steadyRate = 250;
    const { latencies: steady } = await load.run({ kind: 'open', url: relay.url, bodyFile: small, count: 2500, perSecond: steadyRate });
    rows.push(
      budgetRow(budgets.relayP99, {
        id: 'relay.p99',
        label: `relay: p99 latency of a 50 KB submission at ${steadyRate}/s`,
        value: percentile(steady, 99),
        suffix: `(p50 ${formatMs(percentile(steady, 50))})`,
        detail: {
          steadyRatePerSecond: steadyRate,
          p50: percentile(steady, 50),
          p90: percentile(steady, 90),
          p99: percentile(steady, 99),
          max: Math.max(...steady),
          // The disk's own tail, measured above: a relay cannot answer faster than its disk.
          rawFsyncP99: percentile(rawLatencies, 99),
          atSaturation: { concurrency, p50: percentile(saturated, 50), p99: percentile(saturated, 99) },
        },
      }),
    );

    context.log('relay: 50 KB submissions while 25 MB bodies arrive…');
    const heavy = startLoadGenerator();
    try {
      // The large bodies come from a process of their own, one after another, for as long
      // as the small ones are sent at the steady rate above.
      const mixedSeconds = 8;
      const background = heavy.run({ kind: 'closed', url: relay.url, bodyFile: large, count: 1000, concurrency: 1, forSeconds: mixedSeconds });
      const { latencies: mixed } = await load.run({ kind: 'open', url: relay.url, bodyFile: small, count: steadyRate * mixedSeconds, perSecond: steadyRate });
      const { latencies: largeLatencies } = await background;
      rows.push(
        budgetRow(budgets.relayP99, {
          id: 'relay.p99-beside-25MB',
          label: `relay: p99 latency of a 50 KB submission at ${steadyRate}/s while 25 MB bodies arrive`,
          value: percentile(mixed, 99),
          suffix: `(p50 ${formatMs(percentile(mixed, 50))}; ${largeLatencies.length} large bodies, p50 ${formatMs(percentile(largeLatencies, 50))} each)`,
          detail: {
            steadyRatePerSecond: steadyRate,
            seconds: mixedSeconds,
            p50: percentile(mixed, 50),
            p90: percentile(mixed, 90),
            p99: percentile(mixed, 99),
            max: Math.max(...mixed),
            largeBodies: largeLatencies.length,
            largeBodyBytes: bodyBytes(large),
            largeP50: percentile(largeLatencies, 50),
          },
        }),
      );
    } finally {
      await heavy.stop();
    }
    // Only disk space: the relay keeps its Maildir, the files of the large bodies go.
    for (const name of readdirSync(join(maildir, 'new'))) rmSync(join(maildir, 'new', name), { force: true });

    context.log('relay: 25 MB bodies…');
    const pid = relay.child.pid!;
    const baseline = memoryMiB(pid).rss;
    let peakSoFar = baseline;
    const sampler = setInterval(() => (peakSoFar = Math.max(peakSoFar, memoryMiB(pid).rss)), 10);
    try {
      // Two at a time, in rounds of four. The first round lets the heap reach its working
      // size. Garbage collection makes any single peak vary by about a body's size, so
      // the reference is the highest peak of rounds 2-3 and memory is flat if rounds 4-6
      // (half as many bodies again) do not go higher than that by more than one body.
      const roundPeaks: number[] = [];
      for (let round = 0; round < 6; round++) {
        peakSoFar = memoryMiB(pid).rss;
        await postMany(large, 4, 2);
        roundPeaks.push(peakSoFar);
      }
      const referencePeak = Math.max(...roundPeaks.slice(1, 3));
      const finalPeak = Math.max(...roundPeaks.slice(3));
      rows.push(
        budgetRow(budgets.relayMemoryGrowth, {
          id: 'relay.memory-25MB',
          label: 'relay: memory under 25 MB bodies (peak growth over 12 more bodies)',
          value: Math.round(Math.max(0, finalPeak - referencePeak)),
          runLimit: { limit: budgets.relayMemoryGrowth.limit, text: `flat (${budgetText(budgets.relayMemoryGrowth)} growth)` },
          suffix: `(peak ${Math.max(...roundPeaks).toFixed(0)} MiB RSS, idle ${baseline.toFixed(0)} MiB)`,
          detail: { idleRssMiB: baseline, roundPeaksMiB: roundPeaks, bodiesPerRound: 4, bodyBytes: bodyBytes(large), concurrency: 2 },
        }),
      );
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await Promise.all([load.stop(), relay.stop()]);
    rmSync(maildir, { recursive: true, force: true });
    rmSync(join(context.workDir, 'raw-fsync'), { recursive: true, force: true });
    for (const body of [small, large]) rmSync(body, { force: true });
  }
  return rows;
}
