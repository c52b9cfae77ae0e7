// The one way to run the relay as its own process, as production runs it: the Node 24
// binary on `src/relay/start.ts`, listening on a port it picks itself (PORT=0) and
// reports in its `listening` log line. No vitest imports: the browser tests and the
// bench start relays too; `relay.ts` adds the clean-up a test file needs.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const node24 = `${projectRoot}node_modules/.bin/node`;
/** The relay's entry point, relative to the project root. */
export const relayEntry = 'src/relay/start.ts';

export interface RelayProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  /** Lines the relay logged on stdout, while `keepLog` is on (it logs one per submission). */
  stdout: string[];
  stderr: string[];
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process has ended. */
  stop(): Promise<void>;
}

export interface RelayProcessOptions {
  /** Keep every stdout line in `stdout` (default); a bench that sends thousands turns it off. */
  keepLog?: boolean;
}

/**
 * Spawns the relay with `env` (on top of PATH, HOST=127.0.0.1 and PORT=0) and waits
 * until it logs that it listens. Rejects with the relay's own words when it exits first.
 */
export async function startRelayProcess(env: Record<string, string | undefined>, options: RelayProcessOptions = {}): Promise<RelayProcess> {
  const child = spawn(node24, [`${projectRoot}${relayEntry}`], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  child.stderr.setEncoding('utf8').on('data', (text: string) => stderr.push(text));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    let listening = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      buffered += text;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (options.keepLog !== false) stdout.push(line);
        if (listening) continue;
        const parsed = JSON.parse(line) as { event?: string; port?: number };
        if (parsed.event === 'listening') {
          listening = true;
          resolve(`http://127.0.0.1:${parsed.port}`);
        }
      }
    });
    void exited.then((code) => reject(new Error(`the relay exited (${code}) before listening: ${stderr.join('').trim()}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { url, child, stdout, stderr, exited, stop };
}
