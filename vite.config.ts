import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const projectRoot = fileURLToPath(new URL(".", import.meta.url));
const appRoot = join(projectRoot, "app");
const DEPLOY_CONFIG = ".wrangler/deploy/config.json";

/**
 * The Cloudflare plugin writes Wrangler's redirect file (`.wrangler/deploy/
 * config.json`, which points `wrangler deploy` at the built config) under
 * Vite's root, which is `app/`. Wrangler looks for it beside `wrangler.jsonc`,
 * so after a build it is moved to the project root, its path made relative
 * to the new place. Then `npx wrangler deploy` works from the root.
 */
function deployConfigAtProjectRoot(): Plugin {
  return {
    name: "quire:deploy-config-at-project-root",
    apply: "build",
    buildApp: {
      order: "post",
      async handler() {
        const written = join(appRoot, DEPLOY_CONFIG);
        const config = JSON.parse(readFileSync(written, "utf8")) as { configPath: string };
        const target = join(projectRoot, DEPLOY_CONFIG);
        const configPath = resolve(dirname(written), config.configPath);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(
          target,
          JSON.stringify({ ...config, configPath: relative(dirname(target), configPath) }),
        );
        rmSync(join(appRoot, ".wrangler"), { recursive: true, force: true });
      },
    },
  };
}

/**
 * One dev server for the app and the Worker: Vite serves `app/` and runs
 * `worker/` inside workerd through the Cloudflare plugin, with Durable Object
 * storage persisted on disk (QUIRE_STATE_DIR, default `.wrangler/state`).
 */
export default defineConfig({
  root: appRoot,
  // Served at the root as they are: the service worker must live at /service-worker.js.
  publicDir: join(appRoot, "public"),
  server: { port: 5173 },
  build: { outDir: join(projectRoot, "dist"), emptyOutDir: true },
  plugins: [
    react(),
    cloudflare({
      configPath: join(projectRoot, "wrangler.jsonc"),
      persistState: { path: process.env.QUIRE_STATE_DIR ?? join(projectRoot, ".wrangler/state") },
    }),
    deployConfigAtProjectRoot(),
  ],
});
