// Serves a built site the way production does: through the project's relay
// (`src/relay/start.ts`), which compresses text and sets the real headers. The bench never
// serves files itself, so the bytes it counts are the bytes the relay sends.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startRelayProcess } from '../support/relay-process.ts';

export interface RunningSite {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the relay on `siteDir` with a scratch Maildir and waits until `/api/health`
 * answers. Throws with the relay's own message when it cannot start.
 */
export async function serveWithRelay(options: { siteDir: string; workDir: string }): Promise<RunningSite> {
  const maildir = join(options.workDir, 'mail');
  mkdirSync(maildir, { recursive: true });
  const relay = await startRelayProcess({ ...process.env, PORT: '0', HOST: '127.0.0.1', SITE_DIR: options.siteDir, MAILDIR: maildir }, { keepLog: false }).catch((error: Error) => {
    throw new Error(`the relay stopped at start-up: ${error.message}`);
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${relay.url}/api/health`).then((r) => r.ok, () => false);
    if (healthy) return { url: relay.url, stop: relay.stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await relay.stop();
  throw new Error(`the relay did not answer ${relay.url}/api/health within 30 s: ${relay.stderr.join('').trim()}`);
}
