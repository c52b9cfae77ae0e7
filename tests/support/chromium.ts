// Debian's Chromium, as every browser test, the bench, Lighthouse and the fixture
// generator drive it: neither Playwright nor Lighthouse can download a browser here.
import { chromium, type Browser } from '@playwright/test';

/** Where Chromium is: `CHROMIUM_PATH`, or Debian's package. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * The flags stop Chromium's own background traffic (updates, sync, field trials), which
 * would otherwise add requests and bytes that no visitor's page causes, and look like
 * third-party requests to the tests that forbid them.
 */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Debian's Chromium with those flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}
