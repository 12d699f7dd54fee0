import { createRouter } from "./router.ts";
import { syncRoutes } from "./routes/sync.ts";

export { DocumentObject } from "./objects/document.ts";

const route = createRouter([...syncRoutes]);

/**
 * The Worker: checks every input, then routes by path straight to the
 * Durable Object that owns it (`idFromName` on a stable id). Static assets
 * never reach here; only `/api/*` does (see `run_worker_first`).
 */
export default {
  fetch: (request, env, ctx) => route(request, env, ctx),
} satisfies ExportedHandler<Env>;
