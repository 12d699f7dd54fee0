import { describe, expect, it } from "vitest";
import { ShareLinks } from "./share-links.ts";
import type { WorkspaceRow } from "./schema.ts";
import { withWorkspaceStorage, workspaceRow } from "./test-storage.ts";

const workspace = workspaceRow();

describe("ShareLinks", () => {
  it("stores only the secret's hash and opens the link with the secret", async () => {
    const answers = await withWorkspaceStorage(async (storage) => {
      const links = new ShareLinks(storage);
      const created = await links.create("ws", "u1", { role: "viewer" }, "https://q.test");
      const secret = created.token.split(".")[1]!;
      const rows = JSON.stringify(storage.sql.exec("SELECT * FROM invites").toArray());
      return {
        created,
        secret,
        rowsHoldSecret: rows.includes(secret),
        opened: await links.usable(secret, workspace),
        listed: links.list(),
      };
    });
    expect(answers.created.url).toBe(`https://q.test/invite/${answers.created.token}`);
    expect(answers.created.token.startsWith("ws.")).toBe(true);
    expect(answers.rowsHoldSecret).toBe(false);
    expect(answers.opened).toMatchObject({ ok: true, value: { role: "viewer", created_by: "u1" } });
    expect(JSON.stringify(answers.listed)).not.toContain(answers.secret);
  });

  it("refuses a forged secret (404), and a revoked, expired or trashed one (410)", async () => {
    const statuses = await withWorkspaceStorage(async (storage) => {
      const links = new ShareLinks(storage);
      const status = async (secret: string, row: WorkspaceRow | "none" = workspace) => {
        const outcome = await links.usable(secret, row === "none" ? undefined : row);
        return outcome.ok ? 200 : outcome.failure.status;
      };
      const secretOf = (token: string) => token.split(".")[1]!;
      const revoked = await links.create("ws", "u1", { role: "editor" }, "o");
      links.revoke(revoked.id);
      const expiring = await links.create(
        "ws",
        "u1",
        { role: "editor", expiresInSeconds: 60 },
        "o",
      );
      storage.sql.exec("UPDATE invites SET expires_at = ? WHERE id = ?", Date.now(), expiring.id);
      const live = secretOf((await links.create("ws", "u1", { role: "editor" }, "o")).token);
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
});
