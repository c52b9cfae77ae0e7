import { defineConfig } from '@playwright/test';
import { testServer } from './tests/support/test-site.ts';

// Debian's Chromium: Playwright cannot download its own browser here. The flags stop
// Chromium's own background traffic, which would otherwise look like third-party requests.
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: testServer.url,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // The Node that runs Playwright (24, via npm scripts) also runs the relay.
    command: `"${process.execPath}" src/relay/start.ts`,
    url: `${testServer.url}/api/health`,
    env: testServer.env,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
