import { describe, expect, it } from "vitest";
import type { FileEntry } from "../../shared/api/tree.ts";
import { buildTree } from "./file-tree.ts";

const file = (path: string): FileEntry => ({
  id: path,
  projectId: "p",
  path,
  createdAt: 0,
  updatedAt: 0,
});

describe("buildTree", () => {
  it("nests files under implicit and explicit folders, folders first, by name", () => {
    const tree = buildTree(
      [file("readme.md"), file("docs/guide/intro.md"), file("docs/a.md")],
      [{ projectId: "p", path: "empty", createdAt: 0 }],
    );
    const shape = (nodes: ReturnType<typeof buildTree>): unknown =>
      nodes.map((node) =>
        node.kind === "folder" ? { [node.name]: shape(node.children) } : node.name,
      );
    expect(shape(tree)).toEqual([
      { docs: [{ guide: ["intro.md"] }, "a.md"] },
      { empty: [] },
      "readme.md",
    ]);
  });
});
