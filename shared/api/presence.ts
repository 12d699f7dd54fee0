import * as v from "valibot";
import { InboxItem } from "./members.ts";

/** online: a tab is visible; away: tabs are open but hidden; offline: no tab. */
export const PresenceStatus = v.picklist(["online", "away", "offline"]);
export type PresenceStatus = v.InferOutput<typeof PresenceStatus>;

/** A person's presence, as their user object keeps it. */
export const Presence = v.object({
  status: PresenceStatus,
  /** The files their tabs have open right now. */
  openFiles: v.array(v.object({ workspaceId: v.string(), fileId: v.string() })),
});
export type Presence = v.InferOutput<typeof Presence>;

/** `GET /api/me/presence`. */
export const PresenceAnswer = v.object({ presence: Presence });

/** Server → tab messages on `GET /api/me/live` (JSON text frames). */
export const UserEvent = v.variant("type", [
  v.object({ type: v.literal("presence"), presence: Presence }),
  v.object({ type: v.literal("inbox"), item: InboxItem }),
]);
export type UserEvent = v.InferOutput<typeof UserEvent>;

/** Tab → server messages on `GET /api/me/live`: whether the tab is visible. */
export const UserClientMessage = v.variant("type", [
  v.strictObject({ type: v.literal("visibility"), visible: v.boolean() }),
]);

export type UserClientMessage = v.InferOutput<typeof UserClientMessage>;
