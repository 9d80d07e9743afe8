import { defineConfig } from '@playwright/test';

export const E2E_PORT = Number(process.env.RELATA_E2E_PORT ?? 47831);
export const E2E_TOKEN = 'e2e-token';

/**
 * End-to-end tests of the browser face in Debian's chromium (WebGL through SwiftShader). The UI must be built first
 * (`npx electron-vite build`); the web server is `relata serve` over a fresh copy of the demo KG.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Screenshot baselines live in e2e/screenshots/ (committed) and are written only by
  // scripts/update-screenshot-baselines.sh (--update-snapshots); a plain run never writes one, and a missing one fails.
  snapshotPathTemplate: '{testDir}/screenshots/{testFileName}/{arg}{ext}',
  updateSnapshots: 'none',
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node --import tsx e2e/support/serve-demo.ts ${E2E_PORT} ${E2E_TOKEN}`,
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
