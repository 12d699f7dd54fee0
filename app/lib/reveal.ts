/**
 * "Open this file at that place": a search result (or a link) asks for a
 * range in a file, and the file's editor selects it once the file is shown,
 * whether it opens now or is open already. One request waits at a time.
 */

/** A range of a file's text: 1-based line, and offsets of the match inside that line. */
export interface RevealRequest {
  fileId: string;
  line: number;
  from: number;
  to: number;
}

const REVEAL_EVENT = "quire:reveal";
let pending: RevealRequest | null = null;

/** Asks the file `request.fileId` to select the range when it is (or once it is) open. */
export function requestReveal(request: RevealRequest): void {
  pending = request;
  window.dispatchEvent(new Event(REVEAL_EVENT));
}

/** The waiting request for `fileId`, taken (so it is done once), or null. */
export function takeReveal(fileId: string): RevealRequest | null {
  if (pending?.fileId !== fileId) return null;
  const request = pending;
  pending = null;
  return request;
}

/** Calls `onRequest` whenever a reveal is asked for (the open file then takes its own). */
export function onRevealRequest(onRequest: () => void): () => void {
  window.addEventListener(REVEAL_EVENT, onRequest);
  return () => window.removeEventListener(REVEAL_EVENT, onRequest);
}
