import { createRouter } from "./router.ts";
import { historyRoutes } from "./routes/history.ts";
import { memberRoutes, meRoutes } from "./routes/members.ts";
import { sessionRoutes } from "./routes/session.ts";
import { workspaceRoutes } from "./routes/workspaces.ts";

export { DocumentObject } from "./objects/document.ts";
export { ProjectObject } from "./objects/project.ts";
export { SessionObject } from "./objects/session.ts";
export { UserObject } from "./objects/user.ts";
export { WorkspaceObject } from "./objects/workspace.ts";

const route = createRouter([
  ...sessionRoutes,
  ...workspaceRoutes,
  ...historyRoutes,
  ...memberRoutes,
  ...meRoutes,
]);

/**
 * The Worker: checks every input, then routes by path straight to the
 * Durable Object that owns it (`idFromName` on a stable id). Static assets
 * never reach here; only `/api/*` does (see `run_worker_first`).
 */
export default {
  fetch: (request, env, ctx) => route(request, env, ctx),
} satisfies ExportedHandler<Env>;
