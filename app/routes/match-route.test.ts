import { describe, expect, it } from "vitest";
import { matchRoute } from "./match-route.ts";

const ID = "AbCdEfGhIjKlMnOpQrSt_-";

describe("matchRoute", () => {
  it("maps / to the home page", () => {
    expect(matchRoute("/")).toEqual({ kind: "home" });
  });

  it("maps /d/<id> to the document, with or without a trailing slash", () => {
    expect(matchRoute(`/d/${ID}`)).toEqual({ kind: "document", documentId: ID });
    expect(matchRoute(`/d/${ID}/`)).toEqual({ kind: "document", documentId: ID });
  });

  it("explains a malformed document link instead of treating it as not found", () => {
    expect(matchRoute("/d/not-a-real-id")).toEqual({
      kind: "invalid-document",
      address: "not-a-real-id",
    });
    expect(matchRoute(`/d/${ID.slice(0, 10)}`).kind).toBe("invalid-document");
    expect(matchRoute("/d/%E0%A4%A")).toEqual({ kind: "invalid-document", address: "%E0%A4%A" });
    expect(matchRoute("/d/")).toEqual({ kind: "invalid-document", address: "" });
  });

  it("sends any other path to not found", () => {
    expect(matchRoute("/nope")).toEqual({ kind: "not-found", pathname: "/nope" });
    expect(matchRoute(`/d/${ID}/extra`).kind).toBe("not-found");
  });
});
