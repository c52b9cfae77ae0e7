// Raw HTTP requests, for paths and bodies that `fetch` would normalise or refuse to send.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export function rawRequest(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array | string },
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/**
 * Sends a body in chunks without a Content-Length (chunked transfer encoding), pausing
 * between chunks, and resolves with the response as soon as it comes, even if the
 * server answers before the body is finished.
 */
export function streamingRequest(
  base: string,
  options: { path: string; headers?: Record<string, string>; chunk: Uint8Array; chunks: number; pauseMs?: number },
): Promise<RawResponse & { chunksSent: number }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let chunksSent = 0;
    let answered = false;
    const outgoing = request({ host: url.hostname, port: url.port, method: 'POST', path: options.path, headers: options.headers }, (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), chunksSent }));
    });
    outgoing.on('error', (error) => (answered ? undefined : reject(error)));
    const sendNext = () => {
      if (answered || outgoing.destroyed) return;
      if (chunksSent === options.chunks) {
        outgoing.end();
        return;
      }
      chunksSent++;
      outgoing.write(options.chunk, () => setTimeout(sendNext, options.pauseMs ?? 0));
    };
    sendNext();
  });
}
