/**
 * Runs an object's start-up (migrations, loading state) before it handles
 * anything, inside `blockConcurrencyWhile`. A failure is rethrown from a
 * second block rather than the first (as partykit does): a throw inside the
 * start-up block would reset the object and wedge its input gate, where
 * rethrowing fails only the waiting request and lets the next one retry.
 */
export function startUp(ctx: DurableObjectState, run: () => void): void {
  let startError: unknown;
  void ctx.blockConcurrencyWhile(async () => {
    try {
      run();
    } catch (error) {
      startError = error;
    }
  });
  void ctx.blockConcurrencyWhile(async () => {
    if (startError) throw startError;
  });
}
