import { useState, type FormEvent } from "react";
import { isDocumentId, newDocumentId } from "../../shared/ids.ts";
import { documentPagePath } from "../../shared/paths.ts";
import { navigate } from "../lib/router.ts";
import { matchRoute } from "./match-route.ts";

/**
 * The front page: start a new document, or open one from a link or id that
 * someone shared.
 */
export function HomePage() {
  const [address, setAddress] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  function openAddress(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const documentId = documentIdFromAddress(address);
    if (documentId === null) {
      setProblem("That is not a Quire document link or id.");
      return;
    }
    navigate(documentPagePath(documentId));
  }

  return (
    <main className="page page--centered">
      <h1 className="brand brand--large">Quire</h1>
      <p className="lede">Write together, in real time. Share the link and edit side by side.</p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => navigate(documentPagePath(newDocumentId()))}
      >
        New document
      </button>
      <form className="open-form" onSubmit={openAddress}>
        <label htmlFor="open-address">Or open a shared link</label>
        <div className="open-form__row">
          <input
            id="open-address"
            className="text-input"
            placeholder="https://…/d/… or document id"
            value={address}
            onChange={(event) => {
              setAddress(event.target.value);
              setProblem(null);
            }}
          />
          <button type="submit" className="button">
            Open
          </button>
        </div>
        {problem && <p className="form-problem">{problem}</p>}
      </form>
    </main>
  );
}

/** Accepts a bare id, a `/d/<id>` path or a full URL pasted from a chat. */
function documentIdFromAddress(raw: string): string | null {
  const trimmed = raw.trim();
  if (isDocumentId(trimmed)) return trimmed;
  let pathname = trimmed;
  try {
    pathname = new URL(trimmed, window.location.origin).pathname;
  } catch {
    return null;
  }
  const route = matchRoute(pathname);
  return route.kind === "document" ? route.documentId : null;
}
