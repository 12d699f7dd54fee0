import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { newId } from "../../shared/ids.ts";
import type { WorkspaceRow } from "./schema.ts";

/**
 * Runs `use` against the SQLite of a fresh workspace object, with every
 * workspace migration applied, so a part can be tested alone on the real
 * storage it runs on.
 */
export function withWorkspaceStorage<R>(
  use: (storage: DurableObjectStorage, state: DurableObjectState) => R | Promise<R>,
): Promise<R> {
  const stub = env.WORKSPACES.get(env.WORKSPACES.idFromName(newId()));
  return runInDurableObject(stub, (_, state) => use(state.storage, state));
}

/** A workspace's row as a part sees it, for parts that take one. */
export function workspaceRow(changes: Partial<WorkspaceRow> = {}): WorkspaceRow {
  return {
    id: "ws",
    name: "Team",
    created_at: 1,
    updated_at: 1,
    trashed_at: null,
    version: 0,
    purging: 0,
    ...changes,
  };
}
