import { describe, expect, it } from "vitest";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { parseServerFrame } from "../../shared/protocol/server-frames.ts";
import { settle, withEngine } from "../test/room-sockets.ts";
import { restoreNotice, undoVersionName } from "../../shared/version-names.ts";

const ada = { id: "ada", name: "Ada", role: "editor" as const };
const bea = { id: "bea", name: "Bea", role: "editor" as const };
const vic = { id: "vic", name: "Vic", role: "viewer" as const };

describe("DocumentHistory", () => {
  it("saves a named version with who changed the file, and restores it live with an undo", () =>
    withEngine(async ({ history, room, open }) => {
      const reader = open({ userId: "rita" });
      room.change(ada, (doc) => doc.getText("codemirror").insert(0, "first draft"));
      const saved = history.save(ada, "Draft");
      expect(saved).toMatchObject({ ok: true, value: { kind: "named", authors: ["Ada"] } });
      room.change(bea, (doc) => doc.getText("codemirror").insert(0, "Edited: "));
      expect(room.doc.getText("codemirror").toString()).toBe("Edited: first draft");

      const restored = history.restore(bea, saved.ok ? saved.value.id : "");
      expect(restored.ok).toBe(true);
      expect(room.doc.getText("codemirror").toString()).toBe("first draft");
      await settle();
      expect(reader.tagged(0).length).toBeGreaterThanOrEqual(3);

      // The undo is the state just before the restore.
      const undo = restored.ok ? restored.value.undo : undefined;
      expect(undo).toMatchObject({ kind: "auto", authors: ["Bea"] });
      expect(history.preview(undo!.id)).toMatchObject({
        ok: true,
        value: { text: "Edited: first draft" },
      });
      expect(history.list().map((version) => version.name)).toEqual([
        "Before restoring “Draft”",
        "Draft",
      ]);
    }));

  it("refuses viewers, a lock held by someone else and unknown versions", () =>
    withEngine(async ({ history, lock, room }) => {
      room.change(ada, (doc) => doc.getText("codemirror").insert(0, "text"));
      const saved = history.save(ada, "V1");
      const id = saved.ok ? saved.value.id : "";
      expect(history.save(vic, "Nope")).toMatchObject({ ok: false, failure: { status: 403 } });
      expect(history.restore(vic, id)).toMatchObject({ ok: false, failure: { status: 403 } });
      await lock.lock(ada, 60_000);
      expect(history.restore(bea, id)).toMatchObject({ ok: false, failure: { status: 409 } });
      expect(history.restore(ada, "missing")).toMatchObject({
        ok: false,
        failure: { status: 404 },
      });
    }));

  it("saves an automatic version only when something changed since the last", () =>
    withEngine(({ history, room }) => {
      history.saveAuto("Nothing yet");
      expect(history.list()).toEqual([]);
      room.change(ada, (doc) => doc.getText("codemirror").insert(0, "x"));
      history.saveAuto("After a spell of editing");
      history.saveAuto("Again");
      expect(history.list().map((version) => version.name)).toEqual(["After a spell of editing"]);
    }));

  it("saves no automatic version when the text is back to the newest version's", () =>
    withEngine(({ history, room }) => {
      room.change(ada, (doc) => doc.getText("codemirror").insert(0, "kept"));
      history.saveAuto("When everyone had left");
      // Typed and deleted again: people changed the file, the text did not.
      room.change(bea, (doc) => doc.getText("codemirror").insert(4, "!!"));
      room.change(bea, (doc) => doc.getText("codemirror").delete(4, 2));
      history.saveAuto("When everyone had left");
      expect(history.list().map((version) => version.name)).toEqual(["When everyone had left"]);
    }));

  it("names undo versions without nesting, and saves none for a restore that changes nothing", () =>
    withEngine(({ history, room }) => {
      const text = () => room.doc.getText("codemirror");
      room.change(ada, (doc) => doc.getText("codemirror").insert(0, "one"));
      const v1 = history.save(ada, "v1");
      const v1Id = v1.ok ? v1.value.id : "";
      room.change(ada, (doc) => doc.getText("codemirror").insert(3, " two"));
      const first = history.restore(ada, v1Id);
      expect(first.ok && first.value.undo.name).toBe("Before restoring “v1”");
      expect(text().toString()).toBe("one");

      // Restoring v1 again changes nothing, and saves nothing.
      const twice = history.restore(ada, v1Id);
      expect(twice.ok && twice.value.undo.id).toBe(v1Id);
      expect(history.list()).toHaveLength(2);

      // Undo: restoring the undo version, whose own undo is named after v1, not nested.
      const undone = history.restore(bea, first.ok ? first.value.undo.id : "");
      expect(text().toString()).toBe("one two");
      expect(undone.ok && undone.value.undo.name).toBe("Before undoing the restore of “v1”");
      // And undoing that again: still about v1.
      const redo = history.restore(ada, undone.ok ? undone.value.undo.id : "");
      expect(text().toString()).toBe("one");
      expect(redo.ok && redo.value.undo.name).toBe("Before undoing the restore of “v1”");
      expect(history.list().some((version) => version.name.includes("“Before"))).toBe(false);
    }));

  it("keeps labels flat whatever the restored version is called", () => {
    expect(undoVersionName("v1")).toBe("Before restoring “v1”");
    expect(undoVersionName("Before restoring “v1”")).toBe("Before undoing the restore of “v1”");
    expect(undoVersionName("Before undoing the restore of “Before restoring “v1””")).toBe(
      "Before undoing the restore of “v1”",
    );
    expect(undoVersionName("Before restoring")).toBe("Before restoring “Before restoring”");
    expect(restoreNotice("Ada", "v1")).toBe("Ada restored “v1”");
    expect(restoreNotice("Bea", "Before restoring “v1”")).toBe("Bea undid the restore of “v1”");
  });

  it("tells every socket who restored which version, and what undoes it", () =>
    withEngine(async ({ history, room, open }) => {
      const reader = open({ userId: "rita", role: "viewer" });
      room.change(ada, (doc) => doc.getText("codemirror").insert(0, "first"));
      const v1 = history.save(ada, "v1");
      room.change(ada, (doc) => doc.getText("codemirror").insert(5, " second"));
      const result = history.restore(bea, v1.ok ? v1.value.id : "");
      await settle();
      const frames = reader.tagged(MessageTag.restored).map((bytes) => parseServerFrame(bytes));
      expect(frames).toEqual([
        {
          ok: true,
          frame: {
            type: "restored",
            restore: {
              by: { id: "bea", name: "Bea" },
              restored: { id: v1.ok && v1.value.id, name: "v1" },
              undo: { id: result.ok && result.value.undo.id, name: "Before restoring “v1”" },
            },
          },
        },
      ]);
    }));
  // Issue 15.8: a 2 MB document reached 104 MB of versions against a 67 MB budget,
  // because only named versions were checked against it.
  it("keeps automatic versions within the version budget, dropping the oldest", () =>
    withEngine(
      ({ history, room }) => {
        const budget = 4 * 64 * 1024;
        room.change(ada, (doc) => doc.getText("codemirror").insert(0, "x".repeat(20_000)));
        for (let i = 0; i < 20; i++) {
          room.change(ada, (doc) => doc.getText("codemirror").insert(0, String(i % 10)));
          history.saveAuto(`Spell ${i}`);
        }
        const versions = history.list();
        const bytes = versions.reduce((sum, version) => sum + version.bytes, 0);
        expect(bytes).toBeLessThanOrEqual(budget);
        expect(versions[0]?.name).toBe("Spell 19");
        expect(versions.length).toBeGreaterThan(5);
      },
      { quotaBytes: 64 * 1024 },
    ));

  it("saves no automatic version, and refuses a restore, where named versions fill the budget", () =>
    withEngine(
      ({ history, room }) => {
        const text = () => room.doc.getText("codemirror");
        room.change(ada, (doc) => doc.getText("codemirror").insert(0, "y".repeat(20_000)));
        const named: string[] = [];
        for (let i = 0; ; i++) {
          room.change(ada, (doc) => doc.getText("codemirror").insert(0, String(i % 10)));
          const saved = history.save(ada, `Named ${i}`);
          if (!saved.ok) {
            expect(saved.failure.status).toBe(413);
            break;
          }
          named.push(saved.value.id);
        }
        room.change(ada, (doc) => doc.getText("codemirror").insert(0, "more"));
        history.saveAuto("After a spell of editing");
        expect(history.list().map((version) => version.kind)).not.toContain("auto");

        // A restore must keep the text it replaces as an undo; with no room for it, nothing changes.
        const before = text().toString();
        const restored = history.restore(ada, named[0]!);
        expect(restored).toMatchObject({ ok: false, failure: { status: 413 } });
        expect(text().toString()).toBe(before);
        const bytes = history.list().reduce((sum, version) => sum + version.bytes, 0);
        expect(bytes).toBeLessThanOrEqual(4 * 64 * 1024);
      },
      { quotaBytes: 64 * 1024 },
    ));
});
