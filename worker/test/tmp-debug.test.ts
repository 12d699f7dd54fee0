import { it } from "vitest";
import { ApiClient } from "./api-client.ts";
it("debug", async () => {
  const a = await ApiClient.signIn("A");
  const w = await a.call("POST", "/api/workspaces", { name: "T" });
  const p = await a.call("POST", `/api/workspaces/${w.body.id}/projects`, { name: "S" });
  const f = await a.call("POST", `/api/workspaces/${w.body.id}/projects/${p.body.id}/files`, {
    path: "a.md",
  });
  console.log("FILE", f.status, JSON.stringify(f.body));
});
