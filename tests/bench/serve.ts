// Serves a built site the way production does: through the project's relay
// (`src/relay/start.ts`), which compresses text and sets the real headers. The bench never
// serves files itself, so the bytes it counts are the bytes the relay sends.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface RunningSite {
  url: string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago, for the relay to listen on. */
async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the relay on `siteDir` with a scratch Maildir and waits until `/api/health`
 * answers. Throws with the relay's own message when it cannot start.
 */
export async function serveWithRelay(options: { projectRoot: string; siteDir: string; workDir: string }): Promise<RunningSite> {
  const entry = join(options.projectRoot, 'src/relay/start.ts');
  if (!existsSync(entry)) throw new Error('src/relay/start.ts does not exist yet');
  const port = await freePort();
  const maildir = join(options.workDir, 'mail');
  mkdirSync(maildir, { recursive: true });
  const logFile = join(options.workDir, 'relay.log');
  const logFd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [entry], {
    cwd: options.projectRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SITE_DIR: options.siteDir, MAILDIR: maildir },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const said = readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${child.exitCode}`;
      throw new Error(`the relay stopped at start-up: ${said}`);
    }
    const healthy = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return { url, stop: () => stopChild(child) };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopChild(child);
  throw new Error(`the relay did not answer ${url}/api/health within 30 s (log: ${logFile})`);
}
