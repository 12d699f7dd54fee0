import { isJurisdiction, JURISDICTIONS, type Jurisdiction } from "./jurisdictions.ts";

/**
 * Ids of workspaces, projects, files (documents) and users are stable random
 * names: a Durable Object is addressed with `idFromName(id)`, so an id must
 * never be a display name (renaming a file must not move its content).
 *
 * An id may carry a data jurisdiction as a prefix: `eu-` followed by the
 * usual 22 characters. A workspace created in a jurisdiction gets such an id,
 * and so does every project and file created in it, so the Worker knows from
 * the path alone which namespace holds the object (no lookup). The prefix
 * cannot be mistaken for the start of an id without one: those are always
 * exactly 22 characters.
 */

/** 128 random bits, base64url without padding: 22 characters. */
const RANDOM_PART = "[A-Za-z0-9_-]{22}";

/** An id, unanchored, to build larger patterns from (share tokens, trash ids). */
export const ID_SOURCE = `(?:(?:${JURISDICTIONS.join("|")})-)?${RANDOM_PART}`;

/** A whole id: an optional jurisdiction prefix and 22 random base64url characters. */
const ID_PATTERN = new RegExp(`^${ID_SOURCE}$`);

const JURISDICTION_PREFIX = new RegExp(`^(${JURISDICTIONS.join("|")})-${RANDOM_PART}$`);

/** True when `value` is a well-formed id. */
export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** A new id with 128 bits from the platform's CSPRNG, in `jurisdiction` if given. */
export function newId(jurisdiction?: Jurisdiction): string {
  const random = randomBase64Url(16);
  return jurisdiction ? `${jurisdiction}-${random}` : random;
}

/** The jurisdiction an id was created in, or undefined for the default location. */
export function jurisdictionOf(id: string): Jurisdiction | undefined {
  const prefix = JURISDICTION_PREFIX.exec(id)?.[1];
  return prefix !== undefined && isJurisdiction(prefix) ? prefix : undefined;
}

/** `byteCount` random bytes from the platform's CSPRNG, base64url without padding. */
export function randomBase64Url(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}
