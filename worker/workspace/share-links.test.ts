import { describe, expect, it } from "vitest";
import { hashToken } from "../lib/auth.ts";
import { MAX_COUNTED_VISITORS, ShareLinks } from "./share-links.ts";
import { withWorkspaceStorage, workspaceRow } from "./test-storage.ts";

const workspace = workspaceRow();
const secretOf = (token: string) => token.split(".")[1]!;

describe("ShareLinks", () => {
  it("looks a link up by the secret's hash and keeps the secret for owners to copy again", async () => {
    const answers = await withWorkspaceStorage(async (storage) => {
      const links = new ShareLinks(storage);
      const { row, token } = await links.create("ws", "u1", { role: "viewer", fileId: "f1" });
      const secret = secretOf(token);
      return {
        token,
        row,
        hash: await hashToken(secret),
        secret,
        opened: await links.usable(secret, workspace),
      };
    });
    expect(answers.token.startsWith("ws.")).toBe(true);
    expect(answers.row).toMatchObject({
      secret: answers.secret,
      secret_hash: answers.hash,
      role: "viewer",
      created_by: "u1",
      file_id: "f1",
      anyone: 0,
    });
    expect(answers.opened).toMatchObject({ ok: true, value: { id: answers.row.id } });
  });

  it("refuses a forged secret (404), and a revoked, expired or trashed one (410)", async () => {
    const statuses = await withWorkspaceStorage(async (storage) => {
      const links = new ShareLinks(storage);
      const status = async (secret: string, row: typeof workspace | "none" = workspace) => {
        const outcome = await links.usable(secret, row === "none" ? undefined : row);
        return outcome.ok ? 200 : outcome.failure.status;
      };
      const revoked = await links.create("ws", "u1", { role: "editor" });
      links.revoke(revoked.row.id);
      const expiring = await links.create("ws", "u1", { role: "editor", expiresInSeconds: 60 });
      storage.sql.exec(
        "UPDATE invites SET expires_at = ? WHERE id = ?",
        Date.now(),
        expiring.row.id,
      );
      const live = secretOf((await links.create("ws", "u1", { role: "editor" })).token);
      return {
        forged: await status("x".repeat(43)),
        revoked: await status(secretOf(revoked.token)),
        expired: await status(secretOf(expiring.token)),
        trashed: await status(live, { ...workspace, trashed_at: 5 }),
        purging: await status(live, { ...workspace, purging: 1 }),
        noWorkspace: await status(live, "none"),
        live: await status(live),
        revokeUnknown: links.revoke("nope"),
      };
    });
    expect(statuses).toEqual({
      forged: 404,
      revoked: 410,
      expired: 410,
      trashed: 410,
      purging: 404,
      noWorkspace: 404,
      live: 200,
      revokeUnknown: undefined,
    });
  });

  it("records who joined once and counts each visitor once", async () => {
    const answers = await withWorkspaceStorage(async (storage) => {
      const links = new ShareLinks(storage);
      const join = await links.create("ws", "u1", { role: "editor" });
      links.recordJoin(join.row.id, "u2");
      links.recordJoin(join.row.id, "u2");
      links.recordJoin(join.row.id, "u3");
      const view = await links.create("ws", "u1", { role: "viewer", fileId: "f1", anyone: true });
      links.recordVisitor(view.row.id, "v1");
      links.recordVisitor(view.row.id, "v1");
      links.recordVisitor(view.row.id, "v2");
      return {
        joined: links.get(join.row.id)!.joined.map((j) => j.userId),
        visitors: links.get(view.row.id)!.visitors,
        newestFirst: links.list().map((record) => record.row.id),
        ids: [join.row.id, view.row.id],
      };
    });
    expect(answers.joined).toEqual(["u2", "u3"]);
    expect(answers.visitors).toBe(2);
    expect(answers.newestFirst).toEqual([answers.ids[1], answers.ids[0]]);
    expect(MAX_COUNTED_VISITORS).toBeGreaterThan(1000);
  });
});
