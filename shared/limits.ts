/** Limits that the Worker enforces and the app respects. */

/**
 * Largest single WebSocket frame a document accepts. Yjs sends a big paste as
 * one update, so this bounds the largest single edit; anything bigger is
 * refused with close code 4413 rather than dropped silently.
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

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
