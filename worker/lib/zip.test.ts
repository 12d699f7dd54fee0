import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { MAX_ZIP_ENTRIES, zipTexts } from "./zip.ts";

describe("zipTexts", () => {
  it("zips each path once, whatever its name", () => {
    const built = zipTexts(
      new Map([
        ["hasOwnProperty", "a"],
        ["docs/toString", "b"],
      ]),
    );
    if (!built.ok) throw new Error(built.problem);
    const files = unzipSync(built.zip);
    expect(Object.keys(files).sort()).toEqual(["docs/toString", "hasOwnProperty"]);
    expect(strFromU8(files["docs/toString"]!)).toBe("b");
  });

  it("refuses more entries than a zip without ZIP64 can count", () => {
    const texts = new Map(Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => [`f${i}`, ""]));
    expect(zipTexts(texts)).toEqual({
      ok: false,
      problem: "A zip holds at most 65,535 files; this project has 65,536. Export it in parts.",
    });
  });
});
