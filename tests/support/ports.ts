// The one way a test finds a port for a server of its own (an SMTP server, a relay told
// its port in advance). Servers that can listen on port 0 and report it should do that.
import { createServer } from 'node:net';

/** A free loopback TCP port (nothing listens on it when this returns). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
