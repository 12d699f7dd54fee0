import { isDocumentId } from "../../shared/ids.ts";

/** Which page a URL path shows. */
export type Route =
  | { kind: "home" }
  | { kind: "document"; documentId: string }
  | { kind: "invalid-document"; address: string }
  | { kind: "not-found"; pathname: string };

const DOCUMENT_PATH = /^\/d\/([^/]*)\/?$/;

/**
 * Maps a path to a route. A `/d/<something>` path whose id is malformed gets
 * its own route, so a mistyped or truncated link explains itself instead of
 * reading as a generic "not found".
 */
export function matchRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "") return { kind: "home" };
  const documentMatch = DOCUMENT_PATH.exec(pathname);
  if (documentMatch) {
    const address = safeDecode(documentMatch[1] ?? "");
    return isDocumentId(address)
      ? { kind: "document", documentId: address }
      : { kind: "invalid-document", address };
  }
  return { kind: "not-found", pathname };
}

/** `decodeURIComponent` throws on a stray `%`; such a link is simply invalid. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
