// What `npm start` decides before serving: build only on a checkout without SITE_DIR,
// with the organisation's keys when there are some, else with a demo key made once.
// (The build itself is Astro's; the relay tests never run it.)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLocalRun, isLoopbackHost, planLocalBuild, shouldBuildLocally } from '../../src/relay/local-site.ts';
import { makeRecipient } from './support/keys.ts';
import { projectRoot } from './support/relay.ts';
import { temporaryFolder } from './support/site.ts';

describe('npm start on a checkout', () => {
  it('builds only when SITE_DIR is unset and the sources are there', () => {
    expect(shouldBuildLocally({}, projectRoot)).toBe(true);
    expect(shouldBuildLocally({ SITE_DIR: '/srv/ngao/dist' }, projectRoot)).toBe(false);
    expect(shouldBuildLocally({}, temporaryFolder('not-a-checkout'))).toBe(false);
  });

  it("builds with the organisation's keys when the folder has some", async () => {
    const keys = temporaryFolder('keys');
    const organisation = await makeRecipient('Organisation');
    writeFileSync(join(keys, 'organisation.asc'), organisation.armoredPublicKey);
    const demoDir = join(temporaryFolder('var'), 'demo');
    expect(await planLocalBuild(keys, demoDir)).toEqual({ keysDir: keys, demo: null });
    expect(existsSync(demoDir)).toBe(false);
  });

  it('otherwise makes a demo key pair once, and reuses it', async () => {
    const empty = temporaryFolder('keys');
    const demoDir = join(temporaryFolder('var'), 'demo');
    const first = await planLocalBuild(empty, demoDir);
    expect(first.keysDir).toBe(demoDir);
    expect(first.demo).not.toBeNull();
    expect(existsSync(first.demo!.publicKeyFile) && existsSync(first.demo!.privateKeyFile)).toBe(true);
    const second = await planLocalBuild(empty, demoDir);
    expect(second.demo!.fingerprint).toBe(first.demo!.fingerprint);

    const message = describeLocalRun('/home/me/ngao', { keysDir: '/home/me/ngao/var/demo', demo: { ...first.demo!, privateKeyFile: '/home/me/ngao/var/demo/ABC.key', publicKeyFile: '/home/me/ngao/var/demo/ABC.asc' } }, 'http://127.0.0.1:4321', '/home/me/ngao/var/mail');
    expect(message).toContain('Ngao is running at http://127.0.0.1:4321/');
    expect(message).toContain('npm run inbox -- --key var/demo/ABC.key');
    expect(message).toContain('var/mail');
  });

  it('serves a demo build on loopback addresses only', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', '::1', 'localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.0.2.10', '10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('treats a missing key folder like an empty one', async () => {
    const demoDir = join(temporaryFolder('var'), 'demo');
    mkdirSync(demoDir, { recursive: true });
    const plan = await planLocalBuild(join(temporaryFolder('keys'), 'absent'), demoDir);
    expect(plan.demo).not.toBeNull();
  });
});
