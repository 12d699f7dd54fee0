import { describe, expect, it } from "vitest";
import type { ProjectDetails } from "../../../shared/api/tree.ts";
import {
  deleteDescription,
  destinationLabel,
  destinations,
  dropDestination,
  folderKey,
  moveProblem,
  openPathTo,
  projectKey,
  renamedPath,
  visibleRows,
  type MovableItem,
} from "./tree-model.ts";

function project(id: string, name: string, files: string[], folders: string[] = []) {
  return {
    id,
    name,
    createdAt: 0,
    updatedAt: 0,
    files: files.map((path) => ({
      id: `${id}-${path}`,
      projectId: id,
      path,
      createdAt: 0,
      updatedAt: 0,
    })),
    folders: folders.map((path) => ({ projectId: id, path, createdAt: 0 })),
    trash: [],
  } satisfies ProjectDetails;
}

const site = project(
  "s",
  "Site",
  ["readme.md", "docs/intro.md", "docs/guides/setup.md"],
  ["empty"],
);
const blog = project("b", "Blog", ["post.md"]);
const projects = [site, blog];

const file = (path: string, projectId = "s"): MovableItem => ({
  kind: "file",
  key: `file:${projectId}-${path}`,
  projectId,
  path,
  name: path.slice(path.lastIndexOf("/") + 1),
  fileId: `${projectId}-${path}`,
});
const folder = (path: string, projectId = "s"): MovableItem => ({
  kind: "folder",
  key: folderKey(projectId, path),
  projectId,
  path,
  name: path.slice(path.lastIndexOf("/") + 1),
});

describe("visibleRows", () => {
  it("walks projects, then folders before files, with levels and parents", () => {
    const rows = visibleRows(projects, new Set());
    expect(rows.map((row) => `${row.level}:${row.name}`)).toEqual([
      "1:Site",
      "2:docs",
      "3:guides",
      "4:setup.md",
      "3:intro.md",
      "2:empty",
      "2:readme.md",
      "1:Blog",
      "2:post.md",
    ]);
    expect(rows[3]?.parentKey).toBe(folderKey("s", "docs/guides"));
    expect(rows[0]?.parentKey).toBeNull();
  });

  it("leaves out what is inside a collapsed folder or project", () => {
    const rows = visibleRows(projects, new Set([folderKey("s", "docs"), projectKey("b")]));
    expect(rows.map((row) => row.name)).toEqual(["Site", "docs", "empty", "readme.md", "Blog"]);
  });
});

describe("moves", () => {
  it("lists every project's top level and every folder as a destination", () => {
    expect(destinations(projects).map(destinationLabel)).toEqual([
      "Site",
      "Site / docs",
      "Site / docs / guides",
      "Site / empty",
      "Blog",
    ]);
  });

  it("refuses a move to where the item already is, with the place named", () => {
    expect(
      moveProblem(
        file("docs/intro.md"),
        { projectId: "s", projectName: "Site", folder: "docs" },
        projects,
      ),
    ).toBe("intro.md is already in Site / docs.");
  });

  it("refuses to put a folder inside itself or inside one of its own folders", () => {
    const docs = folder("docs");
    expect(
      moveProblem(docs, { projectId: "s", projectName: "Site", folder: "docs/guides" }, projects),
    ).toBe("A folder cannot go inside itself.");
    // A sibling whose name starts the same is not inside it.
    const doc = project("s", "Site", ["doc/a.md", "docs2/b.md"]);
    expect(
      moveProblem(folder("doc"), { projectId: "s", projectName: "Site", folder: "docs2" }, [doc]),
    ).toBeUndefined();
  });

  it("refuses a move onto a name that is taken, by a file or a folder", () => {
    const readme = file("readme.md");
    const clash = project("s", "Site", ["readme.md", "docs/readme.md"]);
    expect(
      moveProblem(readme, { projectId: "s", projectName: "Site", folder: "docs" }, [clash]),
    ).toBe("Site / docs already has something called readme.md.");
    const folderClash = project("s", "Site", ["guides.md", "docs/guides/x.md"]);
    expect(
      moveProblem(file("guides.md"), { projectId: "s", projectName: "Site", folder: "docs" }, [
        folderClash,
      ]),
    ).toBeUndefined();
    expect(
      moveProblem(folder("docs/guides"), { projectId: "s", projectName: "Site", folder: "" }, [
        project("s", "Site", ["docs/guides/x.md", "guides/y.md"]),
      ]),
    ).toBe("Site already has something called guides.");
  });

  it("allows a move to another folder", () => {
    expect(
      moveProblem(
        file("readme.md"),
        { projectId: "s", projectName: "Site", folder: "empty" },
        projects,
      ),
    ).toBeUndefined();
  });

  it("allows a move to another project, where the name is free", () => {
    expect(
      moveProblem(file("readme.md"), { projectId: "b", projectName: "Blog", folder: "" }, projects),
    ).toBeUndefined();
    expect(
      moveProblem(file("post.md"), { projectId: "b", projectName: "Blog", folder: "" }, projects),
    ).toBe("Blog already has something called post.md.");
  });

  it("reads a drop on a file as a drop into that file's folder", () => {
    expect(dropDestination(file("docs/intro.md"), projects)).toEqual({
      projectId: "s",
      projectName: "Site",
      folder: "docs",
    });
    expect(
      dropDestination(
        { kind: "project", key: projectKey("b"), projectId: "b", name: "Blog" },
        projects,
      ),
    ).toEqual({
      projectId: "b",
      projectName: "Blog",
      folder: "",
    });
  });

  it("opens a place's project and every folder on the way to it", () => {
    expect(openPathTo({ projectId: "s", projectName: "Site", folder: "docs/guides" })).toEqual([
      projectKey("s"),
      folderKey("s", "docs"),
      folderKey("s", "docs/guides"),
    ]);
    expect(openPathTo({ projectId: "s", projectName: "Site", folder: "" })).toEqual([
      projectKey("s"),
    ]);
  });

  it("renames the last segment of a path only", () => {
    expect(renamedPath("docs/intro.md", "start.md")).toBe("docs/start.md");
    expect(renamedPath("readme.md", "README.md")).toBe("README.md");
  });
});

describe("deleteDescription", () => {
  const folder = (path: string) => ({
    kind: "folder" as const,
    key: folderKey("s", path),
    projectId: "s",
    path,
    name: path.split("/").at(-1) ?? path,
  });

  it("names what a folder or project takes to the trash with it", () => {
    expect(deleteDescription(folder("docs"), [site, blog])).toBe(
      "docs and the 2 files in it go to the trash, where they can be restored for 30 days.",
    );
    expect(deleteDescription(folder("docs/guides"), [site, blog])).toBe(
      "docs/guides and the file in it go to the trash, where they can be restored for 30 days.",
    );
    expect(deleteDescription(folder("empty"), [site, blog])).toBe(
      "empty goes to the trash, where it can be restored for 30 days.",
    );
    expect(
      deleteDescription({ kind: "project", key: projectKey("s"), projectId: "s", name: "Site" }, [
        site,
        blog,
      ]),
    ).toBe("Site and the 3 files in it go to the trash, where they can be restored for 30 days.");
  });
});
