import { describe, expect, it } from "vitest";
import { ProjectFiles } from "./files.ts";
import { ProjectRecord } from "./record.ts";
import { withProjectStorage } from "./test-storage.ts";

function parts(storage: DurableObjectStorage) {
  const record = new ProjectRecord(storage);
  record.create("project-1", "workspace-1");
  return new ProjectFiles(storage, record);
}

describe("ProjectFiles", () => {
  it("keeps one thing per path: no file over a folder, none as another's ancestor", async () => {
    const answers = await withProjectStorage((storage) => {
      const files = parts(storage);
      const created = files.createFile("docs/intro.md");
      return {
        created: created.ok && created.value.projectId,
        implicitFolder: files.folderExists("docs"),
        overFolder: files.createFile("docs"),
        underFile: files.createFolder("docs/intro.md/more"),
        again: files.createFile("docs/intro.md"),
        folder: files.createFolder("notes").ok,
        overExplicitFolder: files.createFile("notes"),
      };
    });
    expect(answers.created).toBe("project-1");
    expect(answers.implicitFolder).toBe(true);
    expect(answers.overFolder).toMatchObject({ ok: false, failure: { status: 409 } });
    expect(answers.underFile).toMatchObject({
      ok: false,
      failure: { message: '"docs/intro.md" is a file, not a folder.' },
    });
    expect(answers.again).toMatchObject({ ok: false, failure: { status: 409 } });
    expect(answers.folder).toBe(true);
    expect(answers.overExplicitFolder).toMatchObject({ ok: false, failure: { status: 409 } });
  });

  it("moves a folder with everything in it, and never into itself", async () => {
    const answers = await withProjectStorage((storage) => {
      const files = parts(storage);
      files.createFile("a/one.md");
      files.createFolder("a/b");
      files.createFile("a/b/two.md");
      return {
        intoItself: files.moveFolder("a", "a/b/c"),
        moved: files.moveFolder("a", "z"),
        unchanged: files.moveFolder("z", "z"),
        paths: files.files().map((file) => file.path),
        folders: files.folders().map((folder) => folder.path),
      };
    });
    expect(answers.intoItself).toMatchObject({ ok: false, failure: { status: 409 } });
    expect(answers.moved).toMatchObject({ ok: true, value: { changed: true } });
    expect(answers.unchanged).toMatchObject({ ok: true, value: { changed: false } });
    expect(answers.paths).toEqual(["z/b/two.md", "z/one.md"]);
    expect(answers.folders).toEqual(["z/b"]);
  });

  it("renames a file under the same id, and says when nothing changed", async () => {
    const answers = await withProjectStorage((storage) => {
      const files = parts(storage);
      const created = files.createFile("a.md");
      if (!created.ok) throw new Error("not created");
      return {
        id: created.value.id,
        renamed: files.moveFile(created.value.id, "b.md"),
        same: files.moveFile(created.value.id, "b.md"),
        unknown: files.moveFile("nobody", "c.md"),
      };
    });
    expect(answers.renamed).toMatchObject({
      ok: true,
      value: { changed: true, file: { id: answers.id, path: "b.md" } },
    });
    expect(answers.same).toMatchObject({ ok: true, value: { changed: false } });
    expect(answers.unknown).toMatchObject({ ok: false, failure: { status: 404 } });
  });
});
