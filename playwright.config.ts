import { defineConfig } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumPath } from './tests/support/chromium.ts';
import { relayEntry } from './tests/support/relay-process.ts';
import { testServer } from './tests/support/test-site.ts';

// Debian's Chromium with the flags every browser test uses (`tests/support/chromium.ts`).
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
      executablePath: chromiumPath(),
      args: CHROMIUM_FLAGS,
    },
  },
  webServer: {
    // The Node that runs Playwright (24, via npm scripts) also runs the relay.
    command: `"${process.execPath}" ${relayEntry}`,
    url: `${testServer.url}/api/health`,
    env: testServer.env,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
