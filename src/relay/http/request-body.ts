import type { Readable } from 'node:stream';

/**
 * Reading a request body into memory without ever holding more than the limit.
 *
 * The relay verifies a submission completely before anything touches the disk, so the
 * body has to be in memory once. Two bounds keep that safe: each body is cut off as
 * soon as it passes `limit` (a declared Content-Length above it is refused before a byte
 * is read), and all bodies being received at the same time share one `ByteBudget`, so a
 * crowd of slow uploads cannot exhaust memory: past the budget the relay answers 503 and
 * the sender retries.
 */

export class ByteBudget {
  readonly limit: number;
  #used = 0;

  constructor(limit: number) {
    this.limit = limit;
  }

  get used(): number {
    return this.#used;
  }

  tryReserve(bytes: number): boolean {
    if (this.#used + bytes > this.limit) return false;
    this.#used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}

export type LimitedBody =
  | { ok: true; body: Uint8Array; release(): void }
  | { ok: false; problem: 'too_large' | 'busy' | 'aborted' };

/** Parses a Content-Length header; undefined if absent or not a plain number. */
export function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/**
 * Reads the body of `incoming` (Node's request stream) within the limits. Node's stream is
 * read directly: through the web-stream wrapper the same body costs three times the CPU,
 * and this runs for every submission.
 *
 * On refusal it stops reading and leaves the stream paused; the HTTP server then discards
 * the rest of the upload or closes the connection once the answer is sent.
 */
export function readLimitedBody(
  incoming: Readable,
  options: { limit: number; budget: ByteBudget; declared: number | undefined },
): Promise<LimitedBody> {
  const { limit, budget, declared } = options;
  if (declared !== undefined && declared > limit) return Promise.resolve({ ok: false, problem: 'too_large' });

  return new Promise<LimitedBody>((resolve) => {
    // The budget is taken as bytes arrive, never for what a body only declares: reserving
    // a declared 48 MiB up front would let a few deliberately slow uploads hold the whole
    // budget and turn every real submission away. A body of known length is still read
    // into one buffer allocated at once; the system commits its pages only as they are
    // written, so memory, like the budget, follows the bytes received.
    let reserved = 0;
    const giveBack = () => {
      budget.release(reserved);
      reserved = 0;
    };
    const preallocated = declared !== undefined ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let length = 0;
    let finished = false;

    const finish = (result: LimitedBody) => {
      if (finished) return;
      finished = true;
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onAborted);
      incoming.off('close', onAborted);
      if (!result.ok) {
        incoming.pause();
        giveBack();
      }
      resolve(result);
    };
    const refuse = (problem: 'too_large' | 'busy' | 'aborted') => finish({ ok: false, problem });

    function onData(chunk: Buffer) {
      if (length + chunk.length > (declared ?? limit)) return refuse('too_large');
      if (!budget.tryReserve(chunk.length)) return refuse('busy');
      reserved += chunk.length;
      if (preallocated) chunk.copy(preallocated, length);
      else chunks.push(chunk);
      length += chunk.length;
    }
    function onEnd() {
      if (declared !== undefined && length !== declared) return refuse('aborted');
      const body = preallocated ?? Buffer.concat(chunks, length);
      finish({ ok: true, body, release: giveBack });
    }
    function onAborted() {
      refuse('aborted');
    }

    if (incoming.readableEnded) {
      // Nothing left to read (an empty body that was already consumed).
      return onEnd();
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onAborted);
    incoming.on('close', onAborted);
  });
}
