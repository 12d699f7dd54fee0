import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * Two tiers of fast tests. `workers`: the Worker and its Durable Objects inside
 * workerd (real sockets, real SQLite), plus shared code they run. `app`: pure
 * browser-side helpers in Node. Playwright (e2e/) is the third tier.
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                // A small document quota, so the over-quota test stays quick.
                DOCUMENT_QUOTA_BYTES: String(8 * 1024 * 1024),
                // The suite's requests go to http://quire.test (worker/test/passkeys.test.ts).
                WEBAUTHN_RP_ID: "quire.test",
                WEBAUTHN_ORIGINS: "http://quire.test",
              },
            },
          }),
        ],
        test: {
          name: "workers",
          globalSetup: ["./worker/test/global-setup.ts"],
          include: ["worker/**/*.test.ts", "shared/**/*.test.ts"],
          // The hibernation test idles for longer than workerd's ~10 s hibernation delay.
          testTimeout: 40_000,
        },
      },
      // `npm run bench:search` only (worker/bench/): a benchmark prints numbers and asserts none.
      ...(process.env.QUIRE_BENCH
        ? [
            {
              plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.jsonc" } })],
              test: { name: "bench", include: ["worker/bench/*.bench-test.ts"] },
            },
          ]
        : []),
      {
        test: {
          name: "app",
          include: ["app/**/*.test.ts"],
          environment: "node",
        },
      },
    ],
  },
});
