/** Limits that the Worker enforces and the app respects. */

/**
 * Largest single WebSocket frame a document accepts. Yjs sends a big paste as
 * one update, so this bounds the largest single edit; anything bigger is
 * refused with close code 4413 rather than dropped silently.
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** Largest JSON request body the HTTP API reads. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;
