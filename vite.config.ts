import { fileURLToPath } from "node:url";
import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const projectRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * One dev server for the app and the Worker: Vite serves `app/` and runs
 * `worker/` inside workerd through the Cloudflare plugin, with Durable Object
 * storage persisted on disk (QUIRE_STATE_DIR, default `.wrangler/state`).
 */
export default defineConfig({
  root: "app",
  publicDir: false,
  server: { port: 5173 },
  build: { outDir: `${projectRoot}/dist`, emptyOutDir: true },
  plugins: [
    react(),
    cloudflare({
      configPath: `${projectRoot}/wrangler.jsonc`,
      persistState: { path: process.env.QUIRE_STATE_DIR ?? `${projectRoot}/.wrangler/state` },
    }),
  ],
});
