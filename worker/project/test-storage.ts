import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { newId } from "../../shared/ids.ts";

/**
 * Runs `use` against the SQLite of a fresh project object, with every
 * project migration applied (its constructor ran them), so a part can be
 * tested alone on the real storage it runs on.
 */
export function withProjectStorage<R>(
  use: (storage: DurableObjectStorage) => R | Promise<R>,
): Promise<R> {
  const stub = env.PROJECTS.get(env.PROJECTS.idFromName(newId()));
  return runInDurableObject(stub, (_, state) => use(state.storage));
}
