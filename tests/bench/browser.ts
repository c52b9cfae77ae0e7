import { chromium, type Browser } from '@playwright/test';

/**
 * Debian's Chromium, as the end-to-end tests drive it. The flags stop Chromium's own
 * background traffic (updates, sync, field trials), which would otherwise add requests
 * and bytes that no visitor's page causes.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
