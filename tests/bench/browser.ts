import { chromium, type Browser } from '@playwright/test';

/** Debian's Chromium: neither Playwright nor Lighthouse can download a browser here. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * The flags stop Chromium's own background traffic (updates, sync, field trials), which
 * would otherwise add requests and bytes that no visitor's page causes.
 */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium, as the end-to-end tests drive it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
}
