import type { Presence } from "../../shared/api/presence.ts";
import { objectFor } from "../lib/placement.ts";

/**
 * Tells each workspace concerned which of its files the person has open
 * (the tree shows it), awaited in the call that changed it. Reports leave
 * concurrently and may arrive out of order, so each carries a number from
 * one sequence and the workspace keeps only the newest. A report that fails
 * is logged and not retried: the next change sends the whole state again.
 */
export class PresenceReports {
  readonly #sql: SqlStorage;
  readonly #env: Env;

  constructor(storage: DurableObjectStorage, env: Env) {
    this.#sql = storage.sql;
    this.#env = env;
  }

  async send(userId: string, workspaceIds: Iterable<string>, presence: Presence): Promise<void> {
    const { value: sequence } = this.#sql
      .exec<{ value: number }>("UPDATE presence_sequence SET value = value + 1 RETURNING value")
      .one();
    await Promise.all(
      [...new Set(workspaceIds)].map(async (workspaceId) => {
        const fileIds = presence.openFiles
          .filter((file) => file.workspaceId === workspaceId)
          .map((file) => file.fileId);
        try {
          await objectFor(this.#env.WORKSPACES, workspaceId).presenceChanged(
            userId,
            fileIds,
            sequence,
          );
        } catch (error) {
          console.error(`could not tell workspace ${workspaceId} about presence`, error);
        }
      }),
    );
  }
}
