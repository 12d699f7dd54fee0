import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CREATION_LIMITS } from "../lib/limits.ts";
import { ApiClient } from "./api-client.ts";

const HOUR = 60 * 60 * 1000;

/** The person's creation counter (a LimiterObject), reached through its own RPC. */
function limiterOf(person: ApiClient) {
  return env.LIMITERS.get(env.LIMITERS.idFromName(`user:${person.user.id}`));
}

describe("the new-projects limit", () => {
  it("is not charged when a workspace is renamed", async () => {
    const ada = await ApiClient.signIn("Ada");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id;
    const limit = CREATION_LIMITS.project.perHour;
    // Fill the window to one below the limit, then rename: a rename that
    // counted would take the last slot, and the next project would be refused.
    for (let i = 0; i < limit - 1; i++) {
      expect((await limiterOf(ada).take("project", limit, HOUR)).ok).toBe(true);
    }
    for (const name of ["Team 2", "Team 3"]) {
      expect((await ada.call("PATCH", `/api/workspaces/${ws}`, { name })).status).toBe(200);
    }
    expect((await ada.call("POST", `/api/workspaces/${ws}/projects`, { name: "P" })).status).toBe(
      201,
    );
  });

  it("refuses the project past the limit with 429, and creates nothing", async () => {
    const ada = await ApiClient.signIn("Ada");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id;
    const limit = CREATION_LIMITS.project.perHour;
    for (let i = 0; i < limit; i++) {
      expect((await limiterOf(ada).take("project", limit, HOUR)).ok).toBe(true);
    }
    const refused = await ada.call("POST", `/api/workspaces/${ws}/projects`, { name: "One more" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(refused.body.error.message).toContain("Too many new projects");
    expect((await ada.call("GET", `/api/workspaces/${ws}`)).body.projects).toEqual([]);
  });

  it("answers a malformed project 400 without charging it", async () => {
    const ada = await ApiClient.signIn("Ada");
    const ws = (await ada.call("POST", "/api/workspaces", { name: "Team" })).body.id;
    const limit = CREATION_LIMITS.project.perHour;
    for (let i = 0; i < limit - 1; i++) {
      expect((await limiterOf(ada).take("project", limit, HOUR)).ok).toBe(true);
    }
    expect((await ada.call("POST", `/api/workspaces/${ws}/projects`, { name: "" })).status).toBe(
      400,
    );
    expect((await ada.call("POST", `/api/workspaces/${ws}/projects`, { name: "P" })).status).toBe(
      201,
    );
  });
});
