/**
 * `node src/relay/start.ts`: the relay process (`npm start` runs it after building the
 * site, see `src/start.ts`; production runs it directly). Reads the environment, loads the recipient keys from
 * the built site, prepares the Maildir, serves site and API, runs SMTP delivery when it
 * is configured, and on SIGTERM or SIGINT stops taking requests, lets the ones in flight
 * finish (an acknowledged submission is already on disk) and exits.
 *
 * Any problem found at start-up stops the process with one message that names the
 * variable or file to fix.
 */

// Every spooled submission costs file-system calls (open, write, fsync, rename, fsync of
// the folder) that Node runs on its worker pool; a larger pool lets more fsyncs be in
// flight at once, which the file system commits together. It takes effect only if no
// such call came first, i.e. when this file is the process's entry point.
process.env.UV_THREADPOOL_SIZE ??= '16';

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { assembleRelay } from './assemble.ts';
import { loadRelayConfig, RelayConfigError, type RelayConfig } from './config.ts';
import { jsonLinesLog } from './log.ts';
import { RecipientKeyring } from './verify/recipients.ts';
import { MaildirSpool } from './spool/spool.ts';

const log = jsonLinesLog();

function stop(message: string): never {
  process.stderr.write(`ngao relay: ${message}\n`);
  process.exit(1);
}

async function startRelay(config: RelayConfig): Promise<void> {
  const keyring = await RecipientKeyring.open(config.siteDir, {
    onReloadError: (reason) => log.service({ event: 'keys_reload_failed', reason }),
  }).catch((error: unknown) =>
    stop(`SITE_DIR (${config.siteDir}): ${error instanceof Error ? error.message : String(error)}`),
  );

  const spool = new MaildirSpool(config.maildir);
  await spool.prepare().catch((error: unknown) =>
    stop(`MAILDIR (${config.maildir}) cannot be created or written: ${error instanceof Error ? error.message : String(error)}`),
  );

  const { app, delivery } = assembleRelay(config, { keyring, spool, log });

  const server = serve({
    fetch: app.fetch,
    hostname: config.host,
    port: config.port,
    serverOptions: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: 30_000,
      keepAliveTimeout: 5_000,
    },
  });
  // A connection that goes quiet (a stalled or deliberately slow upload) is closed.
  server.setTimeout(config.idleTimeoutMs);
  server.on('error', (error: NodeJS.ErrnoException) => stop(`cannot listen on HOST ${config.host}, PORT ${config.port}: ${error.code ?? error.message}`));
  server.on('listening', () => {
    const address = server.address() as AddressInfo;
    log.service({
      event: 'listening',
      host: address.address,
      port: address.port,
      recipients: keyring.fingerprints,
      delivery: delivery ? 'smtp' : 'maildir',
    });
  });

  delivery?.start();
  const sweeper = setInterval(() => {
    spool
      .sweepTemporaryFiles()
      .then((removed) => removed > 0 && log.service({ event: 'spool_swept', removed }))
      .catch(() => {});
  }, 3_600_000);
  sweeper.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.service({ event: 'shutting_down', signal });
    clearInterval(sweeper);
    // Requests in flight finish (a submission is on disk before it is answered); idle
    // keep-alive connections close now, and anything still open after 30 s is cut.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    const force = setTimeout(() => 'closeAllConnections' in server && server.closeAllConnections(), 30_000);
    force.unref();
    await Promise.all([closed, delivery?.stop()]);
    log.service({ event: 'stopped' });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

try {
  await startRelay(loadRelayConfig(process.env, process.cwd()));
} catch (error) {
  stop(error instanceof RelayConfigError ? error.message : `failed to start: ${error instanceof Error ? error.message : String(error)}`);
}
