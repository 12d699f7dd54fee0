import { describe, expect, it } from "vitest";
import { sharedReads } from "../lib/in-flight.ts";
import { ApiClient } from "./api-client.ts";

describe("identical concurrent reads", () => {
  it("share one call: 20 tabs loading one workspace cost one", async () => {
    const ada = await ApiClient.signIn("Ada");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id;
    const started = sharedReads.started;
    const joined = sharedReads.joined;

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => ada.call("GET", `/api/workspaces/${ws}`)),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
    expect(sharedReads.started - started).toBe(1);
    expect(sharedReads.joined - joined).toBe(19);
  });

  it("are shared only between callers with the same session", async () => {
    const ada = await ApiClient.signIn("Ada");
    const bea = await ApiClient.signIn("Bea");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id;
    const started = sharedReads.started;
    const [mine, theirs] = await Promise.all([
      ada.call("GET", `/api/workspaces/${ws}`),
      bea.call("GET", `/api/workspaces/${ws}`),
    ]);
    expect(mine.status).toBe(200);
    expect(theirs.status).toBe(403);
    expect(sharedReads.started - started).toBe(2);
  });
});
