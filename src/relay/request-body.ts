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

export async function readLimitedBody(
  stream: ReadableStream<Uint8Array> | null,
  options: { limit: number; budget: ByteBudget; declared: number | undefined },
): Promise<LimitedBody> {
  const { limit, budget, declared } = options;
  if (declared !== undefined && declared > limit) return { ok: false, problem: 'too_large' };
  if (!stream) return { ok: false, problem: 'aborted' };

  let reserved = 0;
  const giveBack = () => {
    budget.release(reserved);
    reserved = 0;
  };
  const reader = stream.getReader();
  const stop = async (problem: 'too_large' | 'busy' | 'aborted'): Promise<LimitedBody> => {
    giveBack();
    // Stop pulling: the HTTP server discards the rest of the upload or closes the connection.
    reader.releaseLock();
    return { ok: false, problem };
  };

  try {
    if (declared !== undefined) {
      // Known length: reserve it all at once and read straight into one buffer.
      if (!budget.tryReserve(declared)) return await stop('busy');
      reserved = declared;
      const body = new Uint8Array(declared);
      let length = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (length + value.length > declared) return await stop('too_large');
        body.set(value, length);
        length += value.length;
      }
      if (length !== declared) return await stop('aborted');
      return { ok: true, body, release: giveBack };
    }

    const chunks: Uint8Array[] = [];
    let length = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.length;
      if (length > limit) return await stop('too_large');
      if (!budget.tryReserve(value.length)) return await stop('busy');
      reserved += value.length;
      chunks.push(value);
    }
    const body = Buffer.concat(chunks, length);
    return { ok: true, body, release: giveBack };
  } catch {
    return await stop('aborted');
  }
}
