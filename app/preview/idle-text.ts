import { useEffect, useState } from "react";
import type * as Y from "yjs";

/**
 * Calls `run` with the text some time after it changes, never on the
 * keystroke itself: a change only starts a timer, and the work runs once
 * typing pauses (`QUIET_MS`, longer for text that takes longer to process)
 * or at least every `MAX_WAIT_MS` while someone types on, when the browser
 * is idle. This is how the preview, the outline and the counts follow a
 * 200 KB document without slowing typing (issue 17; e2e/preview.spec.ts
 * measures a keystroke's cost).
 */
export function onIdleChange(text: Y.Text, run: (value: string) => void) {
  let timer: number | undefined;
  let idle: number | undefined;
  let firstChange = 0;
  let cost = 0;
  const fire = () => {
    idle = undefined;
    firstChange = 0;
    const started = performance.now();
    run(text.toString());
    cost = performance.now() - started;
  };
  const whenIdle = () => {
    timer = undefined;
    if (idle !== undefined) return;
    idle =
      typeof requestIdleCallback === "function"
        ? requestIdleCallback(fire, { timeout: 200 })
        : window.setTimeout(fire, 0);
  };
  const changed = () => {
    const now = performance.now();
    firstChange ||= now;
    if (timer !== undefined) clearTimeout(timer);
    // Quiet for a moment, or waited long enough: a slow render waits for a longer pause.
    const quiet = Math.max(QUIET_MS, 3 * cost);
    const wait = Math.max(0, Math.min(quiet, firstChange + MAX_WAIT_MS - now));
    timer = window.setTimeout(whenIdle, wait);
  };
  text.observe(changed);
  fire();
  return () => {
    text.unobserve(changed);
    if (timer !== undefined) clearTimeout(timer);
    if (idle === undefined) return;
    if (typeof cancelIdleCallback === "function") cancelIdleCallback(idle);
    else clearTimeout(idle);
  };
}

/** A pause in typing this long (at least) brings the derived views up to date. */
const QUIET_MS = 120;
/** While someone types on, the derived views still follow this often. */
const MAX_WAIT_MS = 700;

/** What `derive` makes of the text, kept current off the keystroke path (see `onIdleChange`). */
export function useIdleDerived<T>(text: Y.Text | null, derive: (value: string) => T): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (!text) return;
    return onIdleChange(text, (current) => setValue(derive(current)));
    // `derive` is a module function: the text alone decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  return value;
}
