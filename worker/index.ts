import { checkEdgeLimit } from "./lib/limits.ts";
import { withSecurityHeaders } from "./lib/security-headers.ts";
import { createRouter } from "./router.ts";
import { routes } from "./routes/index.ts";

export { DocumentObject } from "./objects/document.ts";
export { LimiterObject } from "./objects/limiter.ts";
export { ProjectObject } from "./objects/project.ts";
export { SessionObject } from "./objects/session.ts";
export { UserObject } from "./objects/user.ts";
export { WorkspaceObject } from "./objects/workspace.ts";

const route = createRouter(routes);

/**
 * The Worker: limits the caller at the edge, checks every input, then routes
 * by path straight to the Durable Object that owns it (`idFromName` on a
 * stable id, in the jurisdiction the id carries: `objectFor` in
 * lib/placement.ts). Static assets never reach here; only `/api/*` does (see
 * `run_worker_first`; their headers are in app/public/_headers).
 */
export default {
  async fetch(request, env, ctx) {
    const limited = await checkEdgeLimit(request, env);
    return withSecurityHeaders(limited ?? (await route(request, env, ctx)));
  },
} satisfies ExportedHandler<Env>;
