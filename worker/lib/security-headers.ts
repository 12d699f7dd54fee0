/**
 * Headers on every API response. The API answers JSON, text and downloads,
 * never a page, so its policy forbids everything a browser could do with a
 * response it was tricked into rendering. (The app's own pages get theirs
 * from app/public/_headers.)
 */
const API_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** `response` with the API's security headers; a WebSocket handshake passes as it is. */
export function withSecurityHeaders(response: Response): Response {
  if (response.status === 101 || response.webSocket) return response;
  const secured = new Response(response.body, response);
  for (const [name, value] of Object.entries(API_HEADERS)) secured.headers.set(name, value);
  return secured;
}
