// The rate limiter against forwarding headers and IPv6, over real HTTP: X-Forwarded-For
// counts only when it comes from a proxy TRUST_PROXY names; a client that reaches the
// relay directly cannot buy a fresh bucket per request by naming another address; IPv6
// clients are counted per /64 network, whatever address in it they use.
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressFor } from '../../../src/relay/http/app.ts';
import { loadRelayConfig } from '../../../src/relay/config.ts';
import { rawRequest } from '../../support/http.ts';
import { makeRecipient } from '../../support/keys.ts';
import { projectRoot, startRelayInProcess, type InProcessRelay } from '../../support/relay.ts';
import { makeSiteFolder, temporaryFolder } from '../../support/site.ts';

let site: string;
let relay: InProcessRelay;

beforeAll(async () => {
  site = makeSiteFolder([await makeRecipient('Organisation')]);
  relay = await startRelayInProcess({ SITE_DIR: site, MAILDIR: temporaryFolder('maildir'), HOST: '0.0.0.0', TRUST_PROXY: 'on', RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_HOUR: '1' });
});

afterAll(async () => {
  await relay.close();
});

/** Status of one (deliberately invalid) submission: 429 when the limiter refused it, 400 when it got past. */
async function statusOf(base: string, forwardedFor?: string): Promise<number> {
  const response = await rawRequest(base, {
    method: 'POST',
    path: '/api/submissions',
    headers: { 'Content-Type': 'application/pgp-encrypted', ...(forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {}) },
    body: 'not a message',
  });
  return response.status;
}

const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && !entry.internal && entry.family === 'IPv4')?.address;

describe('rate limiting behind a proxy', () => {
  it.skipIf(externalAddress === undefined)('ignores X-Forwarded-For from a peer that is not the trusted proxy', async () => {
    const base = `http://${externalAddress}:${new URL(relay.url).port}`;
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push(await statusOf(base, `198.51.100.${index + 1}`));
    expect(statuses).toEqual([400, 400, 429, 429, 429, 429]);
  });

  it('believes the proxy on loopback, and counts IPv6 clients per /64 network', async () => {
    // Distinct IPv4 clients behind the proxy each have their own bucket.
    for (let index = 0; index < 3; index++) expect(await statusOf(relay.url, `203.0.113.${index + 1}`)).toBe(400);
    // One /64, many addresses (as every IPv6 host can pick): one bucket.
    const sameNetwork = ['2001:db8:1:2::1', '2001:DB8:1:2::ffff', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', '[2001:db8:1:2::9]', '2001:db8:1:2::1%eth0'];
    const statuses: number[] = [];
    for (const address of sameNetwork) statuses.push(await statusOf(relay.url, address));
    expect(statuses).toEqual([400, 400, 429, 429, 429]);
    // Another /64 is another client.
    expect(await statusOf(relay.url, '2001:db8:1:3::1')).toBe(400);
    // The proxy's last address counts, not what the client put in front of it.
    expect(await statusOf(relay.url, '2001:db8:1:2::1, 192.0.2.200')).toBe(400);
    expect(await statusOf(relay.url, '198.51.100.200, 2001:db8:1:2::77')).toBe(429);
  });
});

describe('clientAddressFor', () => {
  it('takes the last forwarded address only from a trusted proxy', () => {
    const forwardedFor = '192.0.2.1, 198.51.100.7';
    expect(clientAddressFor({ trustProxy: 'none', peerAddress: '127.0.0.1', forwardedFor })).toBe('127.0.0.1');
    expect(clientAddressFor({ trustProxy: 'loopback', peerAddress: '::ffff:127.0.0.1', forwardedFor })).toBe('198.51.100.7');
    expect(clientAddressFor({ trustProxy: 'loopback', peerAddress: '203.0.113.5', forwardedFor })).toBe('203.0.113.5');
    expect(clientAddressFor({ trustProxy: ['10.0.0.5'], peerAddress: '10.0.0.5', forwardedFor })).toBe('198.51.100.7');
    expect(clientAddressFor({ trustProxy: ['10.0.0.5'], peerAddress: '10.0.0.6', forwardedFor })).toBe('10.0.0.6');
    expect(clientAddressFor({ trustProxy: 'loopback', peerAddress: '::1', forwardedFor: '' })).toBe('::1');
  });

  it('reads TRUST_PROXY as off, on or a list of addresses, and names it when wrong', () => {
    const read = (value: string) => loadRelayConfig({ TRUST_PROXY: value }, projectRoot).trustProxy;
    expect(read('off')).toBe('none');
    expect(read('on')).toBe('loopback');
    expect(read('10.0.0.5, 2001:db8::5')).toEqual(['10.0.0.5', '2001:db8::5']);
    expect(() => read('10.0.0.0/8')).toThrow(/TRUST_PROXY/);
  });
});
