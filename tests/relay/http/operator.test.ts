// Who is shown the health counters (`isOperatorRequest` in app.ts): the rule as a pure
// function. http.test.ts checks the same over real connections.
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isOperatorRequest } from '../../../src/relay/http/app.ts';

describe('isLoopbackAddress', () => {
  it('knows loopback as Node reports a peer, IPv4-mapped included', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2']) expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '1127.0.0.1', '127.0.0.1.example', '::', 'unknown', '']) {
      expect(isLoopbackAddress(address), address).toBe(false);
    }
  });
});

describe('isOperatorRequest', () => {
  it('is a direct loopback connection that nothing forwarded, unless HEALTH_DETAILS=off', () => {
    expect(isOperatorRequest({ healthDetails: 'loopback', peerAddress: '127.0.0.1', forwarded: false })).toBe(true);
    expect(isOperatorRequest({ healthDetails: 'loopback', peerAddress: '::1', forwarded: false })).toBe(true);
    // A proxy on this machine passing a request on.
    expect(isOperatorRequest({ healthDetails: 'loopback', peerAddress: '127.0.0.1', forwarded: true })).toBe(false);
    expect(isOperatorRequest({ healthDetails: 'loopback', peerAddress: '203.0.113.9', forwarded: false })).toBe(false);
    expect(isOperatorRequest({ healthDetails: 'off', peerAddress: '127.0.0.1', forwarded: false })).toBe(false);
  });
});
