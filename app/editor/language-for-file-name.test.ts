import { describe, expect, it } from "vitest";
import { languageForFileName } from "./language-for-file-name.ts";

describe("languageForFileName", () => {
  it("picks the language from the extension", () => {
    expect(languageForFileName("main.rs")?.name).toBe("Rust");
    expect(languageForFileName("app.tsx")?.name).toBe("TSX");
    expect(languageForFileName("notes.md")?.name).toBe("Markdown");
    expect(languageForFileName("styles.css")?.name).toBe("CSS");
  });

  it("recognises whole file names without an extension", () => {
    expect(languageForFileName("Dockerfile")?.name).toBe("Dockerfile");
  });

  it("has no language for unknown or missing names, so the editor falls back to Markdown", () => {
    expect(languageForFileName("data.unknown-extension")).toBeNull();
    expect(languageForFileName(undefined)).toBeNull();
    expect(languageForFileName("")).toBeNull();
  });
});
