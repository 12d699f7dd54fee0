import { describe, expect, it } from "vitest";
import type { TrashEntry } from "../../shared/api/tree.ts";
import { goneWords, trashEntryOf } from "./gone-file.tsx";

const entry = (kind: TrashEntry["kind"], id: string, label: string, by?: string): TrashEntry => ({
  kind,
  id,
  projectId: kind === "project" ? id : "p1",
  label,
  trashedAt: 1,
  purgeAt: 2,
  ...(by ? { trashedBy: by } : {}),
});

describe("a file that went to the trash", () => {
  const trash = [
    entry("file", "f1", "notes.md", "Olive"),
    entry("folder", "p1.3", "docs", "Eddie"),
    entry("project", "p2", "Old site", "Olive"),
  ];

  it("finds what it went with: itself, its folder, or its project", () => {
    expect(trashEntryOf(trash, { projectId: "p1", fileId: "f1", path: "notes.md" })?.id).toBe("f1");
    expect(trashEntryOf(trash, { projectId: "p1", fileId: "f9", path: "docs/a/b.md" })?.id).toBe(
      "p1.3",
    );
    expect(trashEntryOf(trash, { projectId: "p1", fileId: "f9", path: "docsets/b.md" })).toBe(
      undefined,
    );
    expect(trashEntryOf(trash, { projectId: "p2", fileId: "f7", path: "x.md" })?.id).toBe("p2");
  });

  it("says who moved it", () => {
    expect(goneWords(trash[0]!, "notes.md")).toBe("Olive moved notes.md to the trash.");
    expect(goneWords(trash[1]!, "docs/a/b.md")).toBe(
      "Eddie moved docs/a/b.md to the trash, with the folder docs.",
    );
    expect(goneWords(entry("file", "f2", "x.md"), "x.md")).toBe("Someone moved x.md to the trash.");
  });
});
