/**
 * Ids of workspaces, projects, files (documents) and users are stable random
 * names: a Durable Object is addressed with `idFromName(id)`, so an id must
 * never be a display name (renaming a file must not move its content).
 */

/** 128 random bits, base64url without padding: 22 characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** True when `value` is a well-formed id. */
export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** A new id with 128 bits from the platform's CSPRNG. */
export function newId(): string {
  return randomBase64Url(16);
}

/** `byteCount` random bytes from the platform's CSPRNG, base64url without padding. */
export function randomBase64Url(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Document ids are ids; these names read better where a document is meant. */
export const isDocumentId = isId;
export const newDocumentId = newId;
