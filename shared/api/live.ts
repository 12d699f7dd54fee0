import * as v from "valibot";

/**
 * What a live JSON socket (`/api/workspaces/:ws/live`, `/api/me/live`) is
 * sent just before the server closes it: the same code and reason as the
 * close. Through `npm run dev`, a close a Durable Object sends from an RPC
 * method (a removed member, a sign-out) never reaches the browser, though
 * its messages do (issue 15.12; README, Warnings); the app acts on this
 * notice as on the close. Not part of either endpoint's events.
 */
export const ClosingNotice = v.strictObject({
  type: v.literal("closing"),
  code: v.number(),
  reason: v.string(),
});
export type ClosingNotice = v.InferOutput<typeof ClosingNotice>;
