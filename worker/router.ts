import { ErrorCode } from "../shared/errors.ts";
import { sessionToken } from "./lib/auth.ts";
import { errorResponse, HttpError } from "./lib/http.ts";
import { sharedReads } from "./lib/in-flight.ts";
import { withRetries } from "./lib/retry.ts";

/** What a route handler gets: the request, its bindings and the path's named parts. */
export interface RouteContext {
  request: Request;
  env: Env;
  url: URL;
  params: Record<string, string>;
  ctx: ExecutionContext;
}

export type RouteHandler = (route: RouteContext) => Promise<Response>;

/** One endpoint: a method and a URLPattern pathname such as `/api/workspaces/:ws`. */
export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  handler: RouteHandler;
}

/**
 * Matches a request against `routes` with the platform's URLPattern and runs
 * the handler. A known path with another method gets 405 with `Allow`; an
 * unknown path 404; an `HttpError` thrown by a handler becomes its JSON error;
 * anything else is a 500 that says nothing about internals. Reads (GET, not
 * socket upgrades) are shared with identical ones in flight and retried on a
 * retryable Durable Object error; writes are never retried, since repeating
 * one is not always safe.
 */
export function createRouter(routes: readonly Route[]) {
  const compiled = routes.map((route) => ({
    ...route,
    pattern: new URLPattern({ pathname: route.path }),
  }));
  return async (request: Request, env: Env, ctx: ExecutionContext): Promise<Response> => {
    const url = new URL(request.url);
    const allowed: string[] = [];
    for (const route of compiled) {
      const match = route.pattern.exec({ pathname: url.pathname });
      if (!match) continue;
      if (route.method !== request.method) {
        allowed.push(route.method);
        continue;
      }
      const params = Object.fromEntries(
        Object.entries(match.pathname.groups).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      try {
        const run = () => route.handler({ request, env, url, params, ctx });
        if (request.method !== "GET" || request.headers.get("Upgrade")) return await run();
        // A read is safe to repeat, and to share with identical ones in flight.
        const key = `${url.pathname}${url.search}|${sessionToken(request) ?? ""}`;
        return await sharedReads.run(key, () => withRetries(run));
      } catch (error) {
        if (error instanceof HttpError) return error.toResponse();
        console.error(`${request.method} ${url.pathname} failed`, error);
        return errorResponse(
          500,
          ErrorCode.internalError,
          "Something went wrong on our side. Try again.",
        );
      }
    }
    if (allowed.length > 0) {
      return errorResponse(
        405,
        ErrorCode.methodNotAllowed,
        `${request.method} is not supported here; use ${allowed.join(" or ")}.`,
        { Allow: allowed.join(", ") },
      );
    }
    return errorResponse(404, ErrorCode.notFound, `No API endpoint at ${url.pathname}.`);
  };
}
