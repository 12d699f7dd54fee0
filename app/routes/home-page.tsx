import { useEffect, useRef, useState, type FormEvent } from "react";
import { nameProblem, type WorkspaceSummary } from "../../shared/api/tree.ts";
import { jurisdictionOf } from "../../shared/ids.ts";
import {
  isJurisdiction,
  JURISDICTION_LABELS,
  JURISDICTIONS,
  type Jurisdiction,
} from "../../shared/jurisdictions.ts";
import { Link } from "../components/link.tsx";
import { api, ApiError } from "../lib/api.ts";
import { MAIN_ID, useArrivalFocus } from "../lib/focus.ts";
import { navigate } from "../lib/router.ts";
import "./home-page.css";

type Listing =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; workspaces: WorkspaceSummary[] };

/** The front page: your workspaces, and a form to start a new one. */
export function HomePage() {
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [name, setName] = useState("");
  const [jurisdiction, setJurisdiction] = useState<Jurisdiction | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [restoreProblem, setRestoreProblem] = useState<string | undefined>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    api.listWorkspaces().then(
      ({ workspaces }) => !cancelled && setListing({ status: "ready", workspaces }),
      (error: unknown) =>
        !cancelled &&
        setListing({
          status: "error",
          message:
            error instanceof ApiError ? error.message : "Your workspaces could not be loaded.",
        }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    const invalid = nameProblem(trimmed);
    if (invalid) return setProblem(`The name ${invalid}.`);
    try {
      const workspace = await api.createWorkspace({ body: { name: trimmed, jurisdiction } });
      navigate(`/w/${workspace.id}`);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "The workspace could not be created.");
    }
  }

  const active = listing.status === "ready" ? listing.workspaces.filter((w) => !w.trashedAt) : [];
  const trashed = listing.status === "ready" ? listing.workspaces.filter((w) => w.trashedAt) : [];
  // Just signed in (or opened the page): a new person's next step is naming a
  // workspace; anyone else starts at the list.
  useArrivalFocus(
    () => (active.length === 0 ? nameRef.current : headingRef.current),
    listing.status !== "loading",
  );

  return (
    <main className="page" id={MAIN_ID} tabIndex={-1}>
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        Your workspaces
      </h1>
      {listing.status === "loading" && <p className="empty-state">Loading your workspaces…</p>}
      {listing.status === "error" && (
        <p className="form-problem" role="alert">
          {listing.message}
        </p>
      )}
      {listing.status === "ready" && active.length === 0 && (
        <p className="empty-state">No workspaces yet — create one below.</p>
      )}
      <ul className="workspace-list" aria-label="Workspaces">
        {active.map((workspace) => (
          <li key={workspace.id}>
            <Link
              className="workspace-list__link"
              href={`/w/${workspace.id}`}
              title={workspace.name}
            >
              {workspace.name}
            </Link>
            <JurisdictionTag workspaceId={workspace.id} />
            <span className="role-tag">{workspace.role}</span>
          </li>
        ))}
      </ul>
      <form className="open-form" onSubmit={create} aria-label="New workspace">
        <label className="field-label" htmlFor="new-workspace">
          New workspace
        </label>
        <div className="open-form__row">
          <input
            id="new-workspace"
            ref={nameRef}
            className="text-input"
            placeholder="Team notes"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? "new-workspace-problem" : undefined}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setProblem(undefined);
            }}
          />
          <button className="button button--primary" type="submit">
            Create workspace
          </button>
        </div>
        <label className="open-form__row open-form__option">
          Data location
          <select
            className="text-input text-input--small"
            value={jurisdiction ?? ""}
            onChange={(event) => {
              const chosen = event.target.value;
              setJurisdiction(isJurisdiction(chosen) ? chosen : undefined);
            }}
          >
            <option value="">Default (anywhere)</option>
            {JURISDICTIONS.map((choice) => (
              <option key={choice} value={choice}>
                {JURISDICTION_LABELS[choice]} only
              </option>
            ))}
          </select>
        </label>
        {problem && (
          <p id="new-workspace-problem" className="form-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
      {trashed.length > 0 && (
        <section aria-label="Workspaces in the trash">
          <h2 className="section-title">In the trash</h2>
          {restoreProblem && (
            <p className="form-problem" role="alert">
              {restoreProblem}
            </p>
          )}
          <ul className="workspace-list">
            {trashed.map((workspace) => (
              <li key={workspace.id}>
                <span className="workspace-list__name" title={workspace.name}>
                  {workspace.name}
                </span>
                {workspace.role === "owner" && (
                  <button
                    className="button button--small"
                    type="button"
                    aria-label={`Restore ${workspace.name}`}
                    onClick={async () => {
                      setRestoreProblem(undefined);
                      try {
                        await api.restoreWorkspace({ params: { ws: workspace.id } });
                        navigate(`/w/${workspace.id}`);
                      } catch (error) {
                        setRestoreProblem(
                          error instanceof ApiError
                            ? error.message
                            : `${workspace.name} could not be restored. Try again.`,
                        );
                      }
                    }}
                  >
                    Restore
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

/** The data location of a workspace created in a jurisdiction (its id says which). */
function JurisdictionTag({ workspaceId }: { workspaceId: string }) {
  const jurisdiction = jurisdictionOf(workspaceId);
  if (!jurisdiction) return null;
  return (
    <span className="role-tag" title="Data location">
      {JURISDICTION_LABELS[jurisdiction]}
    </span>
  );
}
