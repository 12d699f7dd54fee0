/** Limits that the Worker enforces and the app respects. */

/**
 * Largest single WebSocket frame a document accepts. Yjs sends a big paste as
 * one update, so this bounds the largest single edit; anything bigger is
 * refused with close code 4413 rather than dropped silently.
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/**
 * What one document socket may send: a burst of 50,000 messages refilled at
 * 20,000 a second, and of 16 MiB (two of the largest frames) refilled at
 * 8 MiB a second; past either the server closes it with 4429. A person typing
 * sends tens of small messages a second; a flood of big frames does not fit.
 * The message count is loose on purpose (issue 14.3): a stock y-websocket
 * client replaying a trace unpaced sends about 10,000 one-keystroke updates a
 * second, and was closed with 4429 under the old 2,000 / 1,000 a second
 * (sveltecomponent, BENCHMARKS.md 2026-12-02), and with its 44xx close it
 * does not reconnect, so its edits after the close never reached anyone. The
 * bytes bucket still stops a flood of big frames (limits.test.ts).
 */
export const SOCKET_BUDGET = {
  burstMessages: 50_000,
  messagesPerSecond: 20_000,
  burstBytes: 2 * MAX_FRAME_BYTES,
  bytesPerSecond: MAX_FRAME_BYTES,
} as const;

/** Largest JSON request body the HTTP API reads. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * How long a sign-in session lasts without use. The expiry slides: each use
 * pushes it this far ahead again (see `SESSION_REFRESH_INTERVAL_MS`).
 */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * A session's expiry is moved forward at most this often, so a busy tab costs
 * one session write an hour rather than one per request.
 */
export const SESSION_REFRESH_INTERVAL_MS = 60 * 60 * 1000;

/**
 * A session's "last seen" (the account page's list of sessions, issue 18
 * item 3) moves at most this often: one write to the session's shard every
 * five minutes of use, not one per request.
 */
export const SESSION_LAST_SEEN_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Largest awareness state one client may publish, in bytes of its JSON (issue
 * 15.1): a cursor, a name and a colour take about 300. Kept in memory for as
 * long as the socket lives and sent to every joiner, so a bigger one is
 * refused with close code 4413.
 */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024;

/**
 * Awareness client ids one socket may hold at once (issue 15.1). A tab holds
 * one; a stock client that reloads its doc on the same socket, a few. Past it
 * the socket is closed with 4400.
 */
export const MAX_AWARENESS_CLIENTS_PER_SOCKET = 4;

/**
 * Requests that make the server send more than they cost (issue 15.2): sync
 * step 1 (answered with everything the asker lacks, the whole document for an
 * empty state vector) and query-awareness (answered with every cursor). A
 * socket may ask 4 at once, then one every 10 seconds; past it, 4429. The
 * bytes of each answer are also charged to the socket's byte budget
 * (`SOCKET_BUDGET`).
 */
export const SYNC_REQUEST_BUDGET = { burst: 4, perSecond: 0.1 } as const;

/**
 * Sockets one signed-in person may hold on one document at once (issue 15.3:
 * one viewer held 300, and 300 idle sockets raised everyone's edit latency
 * from 13 to 160 ms). A tab holds one. A new one past it closes the
 * person's oldest there with 4429 (most likely a tab that is gone).
 */
export const MAX_SOCKETS_PER_PERSON_PER_DOCUMENT = 16;

/**
 * Document sockets one signed-in person may hold across all documents at
 * once (issue 15.3: sockets are cheap to open and each costs every object it
 * reaches). A tab holds one per open file; 64 is far more tabs than a person
 * reads. The person's user object counts them from storage; a new one past it
 * closes their oldest, wherever it is, with 4429 and `TOO_MANY_TABS_REASON`,
 * which the app does not retry (worker/test/sockets-per-person.test.ts).
 */
export const MAX_SOCKETS_PER_PERSON = 64;
