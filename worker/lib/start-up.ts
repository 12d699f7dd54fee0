/**
 * Runs an object's start-up (migrations, loading state) before it handles
 * anything, inside `blockConcurrencyWhile`, and lets a failure escape it on
 * purpose. The runtime then resets the object: "If the callback throws an
 * exception, the object will be terminated and reset"
 * (https://developers.cloudflare.com/durable-objects/api/state/#blockconcurrencywhile).
 * Every request waiting on the start-up fails with its error, nothing runs
 * on a half-started object, and the next request, through a new stub (the
 * Worker and the objects make one per call), constructs the object afresh
 * and runs the start-up again. worker/test/start-up.test.ts shows each step.
 */
export function startUp(ctx: DurableObjectState, run: () => void): void {
  // The returned promise rejects too; the reset above is the handling, so
  // the rejection is not also reported as unhandled.
  ctx.blockConcurrencyWhile(async () => run()).catch(() => {});
}
