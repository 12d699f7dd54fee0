import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The dev server's port is picked free when the run starts, so a busy port
// (another run, another dev server) does not fail it. Playwright loads this
// file again in every worker process, which inherits the environment: the
// `||=` keeps the first pick. The config must be synchronous, so a child
// Node.js asks the system for a free port.
const PORT = (process.env.QUIRE_E2E_PORT ||= execFileSync(process.execPath, [
  "-e",
  "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });",
])
  .toString()
  .trim());
const baseURL = `http://localhost:${PORT}`;

// Every run starts from empty Durable Object storage so tests never see each
// other's documents from an earlier run. Playwright loads this file again in
// each worker process; those inherit the main process's environment, so the
// `??=` keeps one directory per run.
const stateDir = (process.env.QUIRE_E2E_STATE_DIR ??= join(
  tmpdir(),
  `quire-e2e-state-${process.pid}-${Date.now()}`,
));

/**
 * Playwright drives the real app and Worker (`npm run dev`, workerd with
 * SQLite Durable Objects) in the system Chromium, since browsers cannot be
 * downloaded on this project's machines (see e2e/ensure-chromium.mjs).
 */
export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/global-teardown.ts",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One retry, for this machine's load spikes (two cores, two workers, a
  // workerd and a Vite server): a test that passes only on its retry is
  // still listed as "flaky" in the summary, so it is seen, not hidden.
  retries: 1,
  // Each test opens several browser contexts against one workerd; two cores
  // on CI are busy enough with two workers.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    baseURL,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npm run dev -- --port ${PORT} --strictPort`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: { QUIRE_STATE_DIR: stateDir },
  },
});
