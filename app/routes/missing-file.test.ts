import { describe, expect, it } from "vitest";
import type { TrashEntry } from "../../shared/api/tree.ts";
import { missingFileText } from "./missing-file.ts";

const folder: TrashEntry = {
  kind: "folder",
  id: "p1.3",
  projectId: "p1",
  label: "drafts",
  trashedAt: 1,
  purgeAt: 2,
};

describe("missingFileText", () => {
  it("says a file id never seen is no such file, and one seen here was deleted", () => {
    expect(missingFileText({ projectId: "p1", trash: [], online: true })).toBe(
      "There is no such file in this workspace.",
    );
    expect(missingFileText({ seenPath: "a.md", projectId: "p1", trash: [], online: true })).toBe(
      "a.md is not here any more: it was deleted.",
    );
  });

  it("does not say a file is missing offline, where the tree is only this browser's copy", () => {
    expect(missingFileText({ projectId: "p1", trash: [], online: false })).toBe(
      "You are offline, and this browser has not seen this file yet.",
    );
  });

  it("names a trashed folder of the project as where the file may be", () => {
    expect(missingFileText({ projectId: "p1", trash: [folder], online: true })).toBe(
      "There is no such file in this workspace, unless it is in a folder in the trash.",
    );
  });
});
