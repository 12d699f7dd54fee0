import { describe, expect, it } from "vitest";
import { isMarkdownPath, resolveRelativeLink } from "./relative-link.ts";

describe("resolveRelativeLink", () => {
  it("resolves against the linking file's folder, dropping the fragment", () => {
    expect(resolveRelativeLink("docs/a.md", "b.md")).toBe("docs/b.md");
    expect(resolveRelativeLink("docs/a.md", "./sub/c.md#part")).toBe("docs/sub/c.md");
    expect(resolveRelativeLink("docs/a.md", "../notes/b%20c.md?x=1")).toBe("notes/b c.md");
    expect(resolveRelativeLink("docs/a.md", "/top.md")).toBe("top.md");
  });

  it("refuses links that leave the project or name nothing", () => {
    expect(resolveRelativeLink("a.md", "../../x.md")).toBeNull();
    expect(resolveRelativeLink("a.md", "#heading")).toBeNull();
    expect(resolveRelativeLink("a.md", "%E0%A4%A")).toBeNull();
  });
});

describe("isMarkdownPath", () => {
  it("knows Markdown by its extension", () => {
    expect(isMarkdownPath("notes/README.md")).toBe(true);
    expect(isMarkdownPath("x.MARKDOWN")).toBe(true);
    expect(isMarkdownPath("main.rs")).toBe(false);
  });
});
