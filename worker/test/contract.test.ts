import { describe, expect, it } from "vitest";
import { contract } from "../../shared/api/contract.ts";
import { routes } from "../routes/index.ts";

describe("the API contract", () => {
  it("has exactly one handler for every endpoint, and no handler outside it", () => {
    const served = routes.map((route) => `${route.method} ${route.path}`);
    const promised = Object.values(contract).map((e) => `${e.method} ${e.path}`);
    expect(new Set(served).size).toBe(served.length);
    expect([...served].sort()).toEqual([...promised].sort());
  });
});
