import { describe, expect, it } from "vitest";
import type { TrashEntry } from "../../shared/api/tree.ts";
import { missingFileText } from "./missing-file.ts";

const entry = (kind: TrashEntry["kind"], id: string, label: string): TrashEntry => ({
  kind,
  id,
  projectId: kind === "project" ? id : "p1",
  label,
  trashedAt: 1,
  purgeAt: 2,
});

describe("missingFileText", () => {
  it("says the trash only when the file, or its project, is in it", () => {
    const workspace = { projects: [], trash: [entry("file", "f1", "notes.md")] };
    expect(missingFileText(workspace, "p1", "f1", true)).toBe(
      "This file is not here any more: it is in the trash.",
    );
    expect(missingFileText(workspace, "p1", "never", true)).toBe(
      "There is no such file in this workspace.",
    );
    const projectGone = { projects: [], trash: [entry("project", "p1", "Site")] };
    expect(missingFileText(projectGone, "p1", "f1", true)).toBe(
      "This file is not here any more: its project Site is in the trash.",
    );
  });

  it("does not say a file is missing offline, where the tree is only this browser's copy", () => {
    expect(missingFileText({ projects: [], trash: [] }, "p1", "f2", false)).toBe(
      "You are offline, and this browser has not seen this file yet.",
    );
  });

  it("names a trashed folder of the project as where the file may be", () => {
    const workspace = { projects: [], trash: [entry("folder", "p1.3", "drafts")] };
    expect(missingFileText(workspace, "p1", "f9", true)).toBe(
      "There is no such file in this workspace, unless it is in a folder in the trash.",
    );
  });
});
