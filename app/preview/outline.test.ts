import { describe, expect, it } from "vitest";
import { counts, headingAt, outline } from "./outline.ts";

describe("outline", () => {
  it("lists ATX and setext headings with their lines, none inside fenced code", () => {
    const text = [
      "# Title",
      "intro",
      "```",
      "# not a heading",
      "```",
      "Second",
      "------",
      "### Third ###",
      "#hashtag is not one",
      "- item",
      "---",
    ].join("\n");
    expect(outline(text)).toEqual([
      { level: 1, text: "Title", line: 1 },
      { level: 2, text: "Second", line: 6 },
      { level: 3, text: "Third", line: 8 },
    ]);
  });

  it("finds the heading the caret is under", () => {
    const headings = outline("# A\ntext\n## B\nmore");
    expect(headingAt(headings, 1)).toBe(0);
    expect(headingAt(headings, 2)).toBe(0);
    expect(headingAt(headings, 4)).toBe(1);
    expect(headingAt(outline("text\n# A"), 1)).toBe(-1);
  });
});

describe("counts", () => {
  it("counts words and characters as a person does", () => {
    expect(counts("")).toEqual({ words: 0, characters: 0 });
    expect(counts("Hello, world - it's 2026!")).toEqual({ words: 4, characters: 25 });
    expect(counts("naïve café 😀")).toEqual({ words: 2, characters: 12 });
  });
});
