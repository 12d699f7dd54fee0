/**
 * Who this browser is to the other people in a document: a friendly name and
 * a colour, made up once and kept in localStorage so a person stays
 * recognisable across reloads and documents until accounts exist.
 */

/** A person's name and colours as other people see them. */
export interface Identity {
  name: string;
  /** Caret, avatar and label colour. */
  color: string;
  /** Translucent tint for this person's selection (y-codemirror.next reads `colorLight`). */
  colorLight: string;
}

/** localStorage key of the stored identity. */
export const IDENTITY_STORAGE_KEY = "quire:identity";

/** Longest name accepted; a label wider than this covers the text it marks. */
export const MAX_NAME_LENGTH = 40;

const ADJECTIVES = [
  "Amber",
  "Azure",
  "Brave",
  "Calm",
  "Clever",
  "Coral",
  "Gentle",
  "Golden",
  "Jade",
  "Keen",
  "Lucky",
  "Merry",
  "Quiet",
  "Rosy",
  "Swift",
  "Teal",
] as const;

const ANIMALS = [
  "Badger",
  "Crane",
  "Dolphin",
  "Falcon",
  "Fox",
  "Hare",
  "Heron",
  "Koala",
  "Lynx",
  "Otter",
  "Owl",
  "Panda",
  "Puffin",
  "Robin",
  "Seal",
  "Wren",
] as const;

/** Colours dark enough for white label text, light tints at ~20% alpha. */
const PALETTE = [
  "#2f80ed",
  "#0f9d8a",
  "#d9480f",
  "#9c36b5",
  "#c2255c",
  "#2b8a3e",
  "#e67700",
  "#1971c2",
  "#5f3dc4",
  "#087f5b",
] as const;

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error("pick() needs a non-empty list.");
  return item;
}

/** A new random identity such as "Teal Otter" in one of the palette colours. */
export function randomIdentity(random: () => number = Math.random): Identity {
  const color = pick(PALETTE, random);
  return {
    name: `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`,
    color,
    colorLight: `${color}33`,
  };
}

/** Trims a typed name and caps its length; an empty name is `null`. */
export function cleanName(name: string): string | null {
  const cleaned = name.replace(/\s+/g, " ").trim().slice(0, MAX_NAME_LENGTH);
  return cleaned === "" ? null : cleaned;
}

function isIdentity(value: unknown): value is Identity {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.name === "string" &&
    cleanName(record.name) !== null &&
    typeof record.color === "string" &&
    typeof record.colorLight === "string"
  );
}

/**
 * The stored identity, or a new one saved on the spot. Storage that is
 * unavailable (private mode, quota) just means a new name per page load.
 */
export function loadIdentity(storage: Storage = window.localStorage): Identity {
  try {
    const stored = storage.getItem(IDENTITY_STORAGE_KEY);
    if (stored !== null) {
      const parsed: unknown = JSON.parse(stored);
      if (isIdentity(parsed)) return parsed;
    }
  } catch {
    // Corrupt or unreadable: fall through and make a new identity.
  }
  const identity = randomIdentity();
  saveIdentity(identity, storage);
  return identity;
}

/** Stores `identity` for later visits; failures are ignored (see `loadIdentity`). */
export function saveIdentity(identity: Identity, storage: Storage = window.localStorage): void {
  try {
    storage.setItem(IDENTITY_STORAGE_KEY, JSON.stringify(identity));
  } catch {
    // Storage full or disabled: the identity still holds for this page.
  }
}
