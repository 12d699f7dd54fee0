import { describe, expect, it } from "vitest";
import {
  cleanName,
  IDENTITY_STORAGE_KEY,
  loadIdentity,
  MAX_NAME_LENGTH,
  randomIdentity,
  saveIdentity,
} from "./identity.ts";

/** An in-memory `Storage`, since the unit tests run in Node. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => Array.from(items.keys())[index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe("identity", () => {
  it("makes a two-word name and a colour with a light tint", () => {
    const identity = randomIdentity(() => 0);
    expect(identity.name).toMatch(/^\w+ \w+$/);
    expect(identity.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(identity.colorLight).toBe(`${identity.color}33`);
  });

  it("keeps the same identity across loads", () => {
    const storage = memoryStorage();
    const first = loadIdentity(storage);
    expect(loadIdentity(storage)).toEqual(first);
    saveIdentity({ ...first, name: "Ada" }, storage);
    expect(loadIdentity(storage).name).toBe("Ada");
  });

  it("replaces a corrupt stored identity", () => {
    const storage = memoryStorage();
    storage.setItem(IDENTITY_STORAGE_KEY, "{not json");
    expect(loadIdentity(storage).name).not.toBe("");
    storage.setItem(IDENTITY_STORAGE_KEY, JSON.stringify({ name: "  ", color: 3 }));
    expect(loadIdentity(storage).name.trim()).not.toBe("");
  });

  it("tidies typed names and refuses empty ones", () => {
    expect(cleanName("  Ada   Lovelace ")).toBe("Ada Lovelace");
    expect(cleanName("   ")).toBeNull();
    expect(cleanName("x".repeat(100))).toHaveLength(MAX_NAME_LENGTH);
  });
});
