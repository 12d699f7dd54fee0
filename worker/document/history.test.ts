import { describe, expect, it } from "vitest";
import { settle, withEngine } from "../test/room-sockets.ts";

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
});
