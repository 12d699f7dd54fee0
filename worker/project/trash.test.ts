import { describe, expect, it } from "vitest";
import { TRASH_RETENTION_MS } from "../../shared/api/tree.ts";
import { newId } from "../../shared/ids.ts";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { ProjectFiles } from "./files.ts";
import { ProjectRecord } from "./record.ts";
import { withProjectStorage } from "./test-storage.ts";
import { PURGE_FILE, PURGE_FOLDER, ProjectTrash } from "./trash.ts";

/**
 * The trash on a real project's storage and scheduler. What it asks of the
 * files' documents is recorded rather than sent, to check its own order of
 * steps; the real documents' wipes are in workspaces.test.ts.
 */
/** A project id as the trash ids need it (a folder's is "<projectId>.<n>"). */
const PROJECT_ID = newId();

function parts(storage: DurableObjectStorage, options: { failSecondWipe?: boolean } = {}) {
  const record = new ProjectRecord(storage);
  if (!record.get()) record.create(PROJECT_ID, "workspace-1");
  const files = new ProjectFiles(storage, record);
  // Events are only inspected here; the handlers are the object's.
  const scheduler = new AlarmScheduler(storage, {
    [PURGE_FILE]: () => {},
    [PURGE_FOLDER]: () => {},
  });
  const calls: string[] = [];
  const trash = new ProjectTrash({
    storage,
    record,
    files,
    scheduler,
    documents: {
      close: async (fileId) => void calls.push(`close:${fileId}`),
      wipe: async (fileId) => {
        const wipes = calls.filter((call) => call.startsWith("wipe:")).length;
        if (options.failSecondWipe && wipes === 1) throw new Error(`could not wipe ${fileId}`);
        calls.push(`wipe:${fileId}`);
      },
    },
    changed: async () => void calls.push("changed"),
  });
  const scheduled = () =>
    storage.sql
      .exec<{ name: string; run_at: number }>("SELECT name, run_at FROM scheduled_events")
      .toArray()
      .map((row) => ({ ...row }));
  const create = (path: string) => {
    const created = files.createFile(path);
    if (!created.ok) throw new Error(created.failure.message);
    return created.value.id;
  };
  return { trash, files, calls, scheduled, create };
}

describe("ProjectTrash", () => {
  it("trashes a folder with its files as one entry, closes their sockets, and brings it back", async () => {
    const answers = await withProjectStorage(async (storage) => {
      const { trash, files, calls, scheduled, create } = parts(storage);
      const one = create("docs/one.md");
      const two = create("docs/deep/two.md");
      create("kept.md");
      const before = Date.now();
      const trashed = await trash.trashFolder("docs");
      const whileTrashed = { files: files.files().map((f) => f.path), scheduled: scheduled() };
      const restored = trashed.ok ? await trash.restore(trashed.value.id) : trashed;
      return {
        before,
        trashed,
        whileTrashed,
        restored,
        after: {
          files: files.files().map((f) => f.path),
          scheduled: scheduled(),
          trash: trash.entries(),
        },
        calls,
        ids: [one, two],
      };
    });
    expect(answers.trashed).toMatchObject({
      ok: true,
      value: { kind: "folder", id: `${PROJECT_ID}.1`, label: "docs" },
    });
    expect(answers.whileTrashed.files).toEqual(["kept.md"]);
    expect(answers.whileTrashed.scheduled).toEqual([
      { name: PURGE_FOLDER, run_at: expect.any(Number) },
    ]);
    expect(answers.whileTrashed.scheduled[0]!.run_at).toBeGreaterThanOrEqual(
      answers.before + TRASH_RETENTION_MS,
    );
    expect(answers.restored).toEqual({ ok: true, value: null });
    expect(answers.after).toEqual({
      files: ["docs/deep/two.md", "docs/one.md", "kept.md"],
      scheduled: [],
      trash: [],
    });
    // Both files' sockets close before the trash reports the change; the restore reports again.
    expect(answers.calls.slice(0, 2).sort()).toEqual(answers.ids.map((id) => `close:${id}`).sort());
    expect(answers.calls.slice(2)).toEqual(["changed", "changed"]);
  });

  it("refuses to restore a file over one created at its path since, and changes nothing", async () => {
    const answers = await withProjectStorage(async (storage) => {
      const { trash, files, create } = parts(storage);
      const first = create("a.md");
      await trash.trashFile(first);
      create("a.md");
      return {
        restored: await trash.restore(first),
        trash: trash.entries().map((e) => e.id),
        files: files.files().length,
      };
    });
    expect(answers.restored).toMatchObject({ ok: false, failure: { status: 409 } });
    expect(answers.trash).toHaveLength(1);
    expect(answers.files).toBe(1);
  });

  it("forgets a file only once its document is wiped, so a purge that fails resumes", async () => {
    const answers = await withProjectStorage(async (storage) => {
      const setup = parts(storage);
      const ids = ["x/a.md", "x/b.md", "x/c.md"].map(setup.create);
      await setup.trash.trashFolder("x");
      const fileIds = () =>
        storage.sql
          .exec<{ id: string }>("SELECT id FROM files ORDER BY id")
          .toArray()
          .map((row) => row.id);
      // The second document the purge reaches cannot be wiped this time.
      const failing = parts(storage, { failSecondWipe: true });
      const failed = await failing.trash.purgeFolderNow(1).then(
        () => "done",
        (error: Error) => error.message,
      );
      const left = fileIds();
      const working = parts(storage);
      await working.trash.purgeFolderNow(1);
      return {
        ids,
        failed,
        wipedFirst: failing.calls,
        left,
        wipedThen: working.calls,
        filesAtEnd: fileIds(),
        foldersAtEnd: storage.sql.exec("SELECT id FROM folders").toArray().length,
        log: storage.sql
          .exec<{ event: string }>("SELECT event FROM log")
          .toArray()
          .map((row) => row.event),
      };
    });
    expect(answers.failed).toMatch(/^could not wipe /);
    // Only the one wiped document's file is gone; the other two wait for the next run.
    expect(answers.wipedFirst).toHaveLength(1);
    const wiped = answers.wipedFirst[0]!.slice("wipe:".length);
    expect(answers.left).toEqual(answers.ids.filter((id) => id !== wiped).sort());
    expect(answers.wipedThen.slice(0, -1).sort()).toEqual(answers.left.map((id) => `wipe:${id}`));
    expect(answers.wipedThen.at(-1)).toBe("changed");
    expect(answers.filesAtEnd).toEqual([]);
    expect(answers.foldersAtEnd).toBe(0);
    expect(answers.log).toEqual(["purge-folder", "purge-folder"]);
  });
});
