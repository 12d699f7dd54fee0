import * as v from "valibot";
import type { InboxItem } from "./members.ts";

/** online: a tab is visible; away: tabs are open but hidden; offline: no tab. */
export type PresenceStatus = "online" | "away" | "offline";

/** A person's presence, as their user object keeps it. */
export interface Presence {
  status: PresenceStatus;
  /** The files their tabs have open right now. */
  openFiles: { workspaceId: string; fileId: string }[];
}

/** Server → tab messages on `GET /api/me/live` (JSON text frames). */
export type UserEvent =
  | { type: "presence"; presence: Presence }
  | { type: "inbox"; item: InboxItem };

/** Tab → server messages on `GET /api/me/live`: whether the tab is visible. */
export const UserClientMessage = v.variant("type", [
  v.strictObject({ type: v.literal("visibility"), visible: v.boolean() }),
]);

export type UserClientMessage = v.InferOutput<typeof UserClientMessage>;
