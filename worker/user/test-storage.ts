import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { newId } from "../../shared/ids.ts";

/**
 * Runs `use` inside a fresh user object, with its migrations applied, so a
 * part can be tested alone on the real storage and sockets it runs on.
 */
export function withUserState<R>(use: (state: DurableObjectState) => R | Promise<R>): Promise<R> {
  const stub = env.USERS.get(env.USERS.idFromName(newId()));
  return runInDurableObject(stub, (_, state) => use(state));
}
