import { describe, expect, it } from "vitest";
import { newId } from "../../shared/ids.ts";
import { jurisdictionReport, namespaceFor, NOT_APPLIED_NOTE } from "./placement.ts";

/**
 * The branches local workerd cannot reach (it implements no jurisdiction),
 * checked with stand-in namespaces: where `jurisdiction()` works it is used,
 * and any failure other than "not implemented" is thrown, never a fallback.
 */

function namespaceWhoseJurisdiction(behaviour: (name: string) => unknown) {
  const asked: string[] = [];
  const namespace = {
    jurisdiction(name: string) {
      asked.push(name);
      return behaviour(name);
    },
  } as unknown as DurableObjectNamespace;
  return { namespace, asked };
}

describe("namespaceFor", () => {
  it("uses the restricted namespace where the runtime provides it", () => {
    const restricted = {} as DurableObjectNamespace;
    const { namespace, asked } = namespaceWhoseJurisdiction(() => restricted);
    expect(namespaceFor(namespace, newId("eu"))).toBe(restricted);
    expect(namespaceFor(namespace, newId("fedramp"))).toBe(restricted);
    expect(asked).toEqual(["eu", "fedramp"]);
  });

  it("does not ask for a jurisdiction for an id without one", () => {
    const { namespace, asked } = namespaceWhoseJurisdiction(() => ({}));
    expect(namespaceFor(namespace, newId())).toBe(namespace);
    expect(asked).toEqual([]);
  });

  it("falls back to the default namespace only when the runtime does not implement them", () => {
    const { namespace } = namespaceWhoseJurisdiction(() => {
      throw new Error("Jurisdiction restrictions are not implemented in workerd.");
    });
    expect(namespaceFor(namespace, newId("eu"))).toBe(namespace);
  });

  it("throws any other failure instead of storing the data elsewhere", () => {
    const { namespace } = namespaceWhoseJurisdiction(() => {
      throw new Error("jurisdiction not enabled for this account");
    });
    expect(() => namespaceFor(namespace, newId("eu"))).toThrow(/not enabled/);
  });
});

describe("jurisdictionReport", () => {
  it("is null for a workspace in the default location", () => {
    expect(jurisdictionReport(newId(), { jurisdiction: undefined } as DurableObjectId)).toBeNull();
  });

  it("says applied when the object is restricted to the jurisdiction its id asks for", () => {
    const report = jurisdictionReport(newId("eu"), { jurisdiction: "eu" } as DurableObjectId);
    expect(report).toEqual({ requested: "eu", applied: true });
  });

  it("says not applied, and why, when the object is not restricted", () => {
    const report = jurisdictionReport(newId("us"), { jurisdiction: undefined } as DurableObjectId);
    expect(report).toEqual({ requested: "us", applied: false, note: NOT_APPLIED_NOTE });
  });
});
