/**
 * Document ids are stable random names: a Durable Object is addressed with
 * `idFromName(documentId)`, so an id must never be a display name (renaming a
 * file must not move its content).
 */

/** 128 random bits, base64url without padding: 22 characters. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** True when `value` is a well-formed document id. */
export function isDocumentId(value: string): boolean {
  return DOCUMENT_ID_PATTERN.test(value);
}

/** A new document id with 128 bits from the platform's CSPRNG. */
export function newDocumentId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
