import { checkEdgeLimit } from "./lib/limits.ts";
import { withSecurityHeaders } from "./lib/security-headers.ts";
import { createRouter } from "./router.ts";
import { routes } from "./routes/index.ts";

export { CredentialObject } from "./objects/credential.ts";
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
    const response = withSecurityHeaders(limited ?? (await route(request, env, ctx)));
    await discardUnreadBody(request);
    return response;
  },
} satisfies ExportedHandler<Env>;

/** Past this much, an unread body is cancelled rather than read to its end. */
const DRAIN_AT_MOST_BYTES = 16 * 1024 * 1024;

/**
 * Reads to its end a request body nobody read (a 401, 404 or 413 answered
 * before the body, or a body sent to a route that takes none). Through
 * `npm run dev`, Vite relays each request to workerd with undici, and a body
 * of about 1 MB left unread made the next relayed request fail with 500
 * ("fetch failed") for whoever sent it; cancelling the body instead made it
 * fail even for small ones (issue 15.12; e2e/dev-server.spec.ts; README,
 * Warnings). On Cloudflare this costs a read of what was sent anyway.
 */
async function discardUnreadBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed) return;
  const reader = request.body.getReader();
  let read = 0;
  try {
    while (read <= DRAIN_AT_MOST_BYTES) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to drain.
  }
}
