import * as v from "valibot";
import { isId } from "../ids.ts";

/**
 * Deleting an account (issue 18 item 5): the API's shapes. A workspace whose
 * only owner is the person cannot be left without an owner, so it either
 * gets another owner first or goes with the account, and only after the
 * person has confirmed it by id, having been shown its name.
 */

/** A workspace named in a confirmation. */
export const WorkspaceRef = v.object({ id: v.string(), name: v.string() });
export type WorkspaceRef = v.InferOutput<typeof WorkspaceRef>;

/** `GET /api/me/account`: what deleting the account would delete with it. */
export const AccountSummary = v.object({
  /** Workspaces the person is the only owner of: deleted with the account. */
  soleOwned: v.array(WorkspaceRef),
  /** How many workspaces the person belongs to in all (they leave the others). */
  workspaces: v.number(),
});
export type AccountSummary = v.InferOutput<typeof AccountSummary>;

/** More ids than anyone could be shown in one confirmation. */
const MAX_CONFIRMED = 1000;

/**
 * `DELETE /api/me`: `deleteWorkspaces` confirms, by id, every sole-owned
 * workspace that goes with the account; one left out is a 409 that names it.
 */
export const DeleteAccountBody = v.strictObject(
  {
    deleteWorkspaces: v.pipe(
      v.array(
        v.pipe(v.string(), v.check(isId, "must be workspace ids")),
        "must be a list of workspace ids",
      ),
      v.maxLength(MAX_CONFIRMED, `must list at most ${MAX_CONFIRMED} workspaces`),
    ),
  },
  "must be an object with deleteWorkspaces, the ids of the workspaces to delete with the account",
);
export type DeleteAccountBody = v.InferOutput<typeof DeleteAccountBody>;
