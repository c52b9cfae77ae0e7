// The relay bench's load generator, run as its own process (`relay.ts` forks it), so that
// what it costs is not charged to the relay's latency by accident:
//
// - In the bench's own process, the load would share an event loop and a heap with
//   everything the bench did before (the site build, Chromium, Lighthouse, a 25 MB
//   armoured string): any pause there delays sending, and an open-loop measurement counts
//   that delay against the relay.
// - It posts with `node:http` and a keep-alive agent, sending one pre-encoded buffer.
//   `fetch` re-encodes the 50 KB string body on every request and, measured on the
//   relay's own bench machine, costs about twice the CPU and eight times the garbage
//   collection: on 2 cores, CPU taken from the relay, and pauses charged to it.
//
// It takes jobs over IPC and answers each with the latencies it measured; a job fails on
// any answer but 202.
import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';

export type LoadJob =
  /**
   * `count` posts with `concurrency` in flight (a closed loop): the rate the relay sustains.
   * With `forSeconds`, no post starts after that long: a background load of fixed duration.
   */
  | { kind: 'closed'; url: string; bodyFile: string; count: number; concurrency: number; forSeconds?: number }
  /** `count` posts due at a steady `perSecond`, whatever the answers do (an open loop). */
  | { kind: 'open'; url: string; bodyFile: string; count: number; perSecond: number };

export type LoadResult = { ok: true; latencies: number[]; seconds: number } | { ok: false; error: string };

const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
const bodies = new Map<string, Buffer>();

function bodyOf(file: string): Buffer {
  let body = bodies.get(file);
  if (!body) bodies.set(file, (body = readFileSync(file)));
  return body;
}

/** Posts one submission and waits for the whole answer; anything but 202 fails the job. */
function postOne(url: URL, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/submissions',
        agent,
        headers: { 'Content-Type': 'application/pgp-encrypted', 'Content-Length': body.length },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 202 ? resolve() : reject(new Error(`the relay answered ${response.statusCode} to a valid submission`)),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function closedLoop(url: URL, body: Buffer, count: number, concurrency: number, forSeconds = Infinity): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + forSeconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && performance.now() < deadline) {
        next++;
        const started = performance.now();
        await postOne(url, body);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

/**
 * Each latency runs from the moment the request was due, not sent, so that a slow answer
 * also counts against the requests queued behind it.
 */
async function openLoop(url: URL, body: Buffer, count: number, perSecond: number): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(postOne(url, body).then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(inFlight);
  return latencies;
}

async function run(job: LoadJob): Promise<LoadResult> {
  try {
    const url = new URL(job.url);
    const body = bodyOf(job.bodyFile);
    const started = performance.now();
    const latencies =
      job.kind === 'closed' ? await closedLoop(url, body, job.count, job.concurrency, job.forSeconds) : await openLoop(url, body, job.count, job.perSecond);
    return { ok: true, latencies, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

if (process.send) {
  process.on('message', (job: LoadJob) => void run(job).then((result) => process.send!(result)));
  process.on('disconnect', () => process.exit(0));
}
