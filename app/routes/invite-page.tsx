import { useEffect, useState } from "react";
import { Link } from "../components/link.tsx";
import { api, ApiError } from "../lib/api.ts";
import { navigate } from "../lib/router.ts";

type InviteState =
  | { status: "loading" }
  | { status: "dead"; message: string }
  | { status: "ready"; workspaceName: string; role: string };

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

/** A signed-in person opened a share link: join, then land in the workspace. */
export function InvitePage({ token }: { token: string }) {
  const preview = useInvitePreview(token);
  const [problem, setProblem] = useState<string | undefined>();

  if (preview.status === "loading") return <p className="empty-state">Checking the link…</p>;
  if (preview.status === "dead") return <DeadInvite message={preview.message} />;

  const join = async () => {
    try {
      const accepted = await api.acceptInvite({ params: { token } });
      navigate(`/w/${accepted.workspaceId}`);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "Joining failed. Try again.");
    }
  };

  return (
    <main className="page page--centered">
      <h1 className="page-title">Join {preview.workspaceName}</h1>
      <p className="lede">
        You were invited as {preview.role === "viewer" ? "a viewer" : "an editor"}.
      </p>
      <button className="button button--primary" type="button" onClick={join}>
        Join {preview.workspaceName}
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
    <main className="page page--centered">
      <h1 className="page-title">This invite link cannot be used</h1>
      <p className="lede" role="alert">
        {message}
      </p>
      <Link className="button" href="/">
        Go to Quire
      </Link>
    </main>
  );
}
