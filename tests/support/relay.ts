// Starting a relay for a test: in this process (fast, inspectable) or as a child process
// running `src/relay/start.ts` with the Node 24 binary, exactly as `npm start` does
// (`relay-process.ts`), killed when the test file ends.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll } from 'vitest';
import { assembleRelay } from '../../src/relay/assemble.ts';
import { loadRelayConfig, type RelayConfig } from '../../src/relay/config.ts';
import type { DeliveryLoop } from '../../src/relay/spool/delivery.ts';
import type { RelayLog, ServiceEvent, SubmissionLogLine } from '../../src/relay/log.ts';
import { RecipientKeyring } from '../../src/relay/verify/recipients.ts';
import { MaildirSpool } from '../../src/relay/spool/spool.ts';
import { projectRoot, startRelayProcess, type RelayProcess } from './relay-process.ts';

export { node24, projectRoot } from './relay-process.ts';

/** A log that keeps every line, so tests can check what was (and was not) written. */
export function recordingLog(): RelayLog & { lines: string[]; submissions: SubmissionLogLine[] } {
  const lines: string[] = [];
  const submissions: SubmissionLogLine[] = [];
  return {
    lines,
    submissions,
    submission(line) {
      submissions.push(line);
      lines.push(JSON.stringify(line));
    },
    service(line: ServiceEvent) {
      lines.push(JSON.stringify(line));
    },
  };
}

export interface InProcessRelay {
  url: string;
  config: RelayConfig;
  spool: MaildirSpool;
  delivery: DeliveryLoop | null;
  log: ReturnType<typeof recordingLog>;
  close(): Promise<void>;
}

/** Starts a relay on a free port (on loopback unless `env.HOST` says otherwise) with configuration from `env`, as start.ts would read it. */
export async function startRelayInProcess(env: Record<string, string>): Promise<InProcessRelay> {
  const config = loadRelayConfig({ PORT: '0', ...env }, projectRoot);
  const log = recordingLog();
  const keyring = await RecipientKeyring.open(config.siteDir);
  const spool = new MaildirSpool(config.maildir);
  await spool.prepare();
  const { app, delivery } = assembleRelay(config, { keyring, spool, log, pollIntervalMs: 1000 });
  const server: ServerType = await new Promise((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: 0 }, () => resolve(started));
  });
  delivery?.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    spool,
    delivery,
    log,
    close: async () => {
      await delivery?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}

export type ChildRelay = RelayProcess;

const spawned: RelayProcess[] = [];
// A test that fails half-way must not leave a relay running: whatever is still alive when
// the file's tests end is killed.
afterAll(() => {
  for (const { child } of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Spawns `node src/relay/start.ts` and waits until it logs that it listens. */
export async function spawnRelay(env: Record<string, string>): Promise<ChildRelay> {
  const relay = await startRelayProcess(env);
  spawned.push(relay);
  return relay;
}
