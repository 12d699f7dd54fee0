import { useEffect, useRef, useState } from "react";
import type { InvitePreview } from "../../shared/api/members.ts";
import { ROLE_WORDS } from "../../shared/roles.ts";
import { Link } from "../components/link.tsx";
import { api, ApiError } from "../lib/api.ts";
import { MAIN_ID } from "../lib/focus.ts";
import { navigate } from "../lib/router.ts";
import { filePagePath } from "./match-route.ts";

type InviteState =
  | { status: "loading" }
  | { status: "dead"; message: string }
  | ({ status: "ready" } & InvitePreview);

/** The query an invite page carries after the person picked a name on it: join at once. */
export const JOIN_NOW = "join=1";

/** What a share link offers, checked before anything else happens. */
export function useInvitePreview(token: string): InviteState {
  const [state, setState] = useState<InviteState>({ status: "loading" });
  useEffect(() => {
    let cancelled = false;
    api.previewInvite({ params: { token } }).then(
      (preview) => !cancelled && setState({ status: "ready", ...preview }),
      (error: unknown) =>
        !cancelled &&
        setState({
          status: "dead",
          message: error instanceof ApiError ? error.message : "This link could not be checked.",
        }),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);
  return state;
}

/** "Olive invited you to edit Team, starting with notes.md." */
export function invitationWords(preview: InvitePreview): string {
  const ability = ROLE_WORDS[preview.role].ability.toLowerCase().replace(/^can /, "");
  const start = preview.file ? `, starting with ${preview.file.path}` : "";
  return `${preview.invitedBy} invited you to ${ability} ${preview.workspaceName}${start}.`;
}

/**
 * A signed-in person opened a share link: who invited them to what, and one
 * button to join, which lands on the linked file (or the workspace). Someone
 * who just picked a name on this page joins without pressing it again.
 */
export function InvitePage({ token }: { token: string }) {
  const preview = useInvitePreview(token);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const joinedOnce = useRef(false);

  const join = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const accepted = await api.acceptInvite({ params: { token } });
      navigate(
        accepted.file
          ? filePagePath(accepted.workspaceId, accepted.file.projectId, accepted.file.id)
          : `/w/${accepted.workspaceId}`,
      );
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "Joining failed. Try again.");
      setBusy(false);
    }
  };

  const ready = preview.status === "ready";
  const anyone = ready && preview.anyone;
  useEffect(() => {
    if (anyone) navigate(`/view/${encodeURIComponent(token)}`);
  }, [anyone, token]);
  useEffect(() => {
    if (!ready || anyone || joinedOnce.current) return;
    if (!location.search.includes(JOIN_NOW)) return;
    joinedOnce.current = true;
    // The person chose a name on this page to join: that was the one step.
    // oxlint-disable-next-line react/set-state-in-effect
    void join();
    // join() is recreated every render; running once per page is the point.
    // oxlint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, anyone]);

  if (preview.status === "loading") return <p className="empty-state">Checking the link…</p>;
  if (preview.status === "dead") return <DeadInvite message={preview.message} />;

  return (
    <main className="page page--centered" id={MAIN_ID} tabIndex={-1}>
      <h1 className="page-title">Join {preview.workspaceName}</h1>
      <p className="lede">{invitationWords(preview)}</p>
      <button className="button button--primary" type="button" disabled={busy} onClick={join}>
        {busy ? "Joining…" : `Join ${preview.workspaceName}`}
      </button>
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
    </main>
  );
}

/** An expired, revoked or forged link: say so, and join nobody. */
export function DeadInvite({ message }: { message: string }) {
  return (
    <main className="page page--centered" id={MAIN_ID} tabIndex={-1}>
      <h1 className="page-title">This link cannot be used</h1>
      <p className="lede" role="alert">
        {message}
      </p>
      <Link className="button" href="/">
        Go to Quire
      </Link>
    </main>
  );
}
