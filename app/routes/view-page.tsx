import { useEffect, useState } from "react";
import { contract } from "../../shared/api/contract.ts";
import type { VisitorView } from "../../shared/api/sharing.ts";
import { ConnectionIndicator } from "../components/connection-indicator.tsx";
import { Link } from "../components/link.tsx";
import { PresenceList } from "../components/presence-list.tsx";
import { CollabEditor } from "../editor/collab-editor.tsx";
import { api, ApiError, socketUrl } from "../lib/api.ts";
import { MAIN_ID } from "../lib/focus.ts";
import { useConnection } from "../sync/use-connection.ts";
import { useDocumentSession } from "../sync/use-document-session.ts";
import { usePresence } from "../sync/use-presence.ts";
import { DeadInvite } from "./invite-page.tsx";
import "./view-page.css";

type ViewState =
  | { status: "loading" }
  | { status: "dead"; message: string }
  | ({ status: "ready" } & VisitorView);

/**
 * A file shared by a link anyone can open (issue 12 item 2): read live and
 * read-only, with everyone's cursors, without signing in and without
 * joining. The visitor is not shown to anyone (no caret, no avatar) and
 * keeps no copy of the file; revoking the link closes the page's socket.
 */
export function ViewPage({ token }: { token: string }) {
  const [view, setView] = useState<ViewState>({ status: "loading" });
  useEffect(() => {
    let cancelled = false;
    api.viewLink({ params: { token } }).then(
      (answer) => !cancelled && setView({ status: "ready", ...answer }),
      (error: unknown) =>
        !cancelled &&
        setView({
          status: "dead",
          message: error instanceof ApiError ? error.message : "This link could not be checked.",
        }),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (view.status === "loading") return <p className="empty-state">Opening the file…</p>;
  if (view.status === "dead") return <DeadInvite message={view.message} />;
  return <VisitorFile token={token} view={view} />;
}

function VisitorFile({ token, view }: { token: string; view: VisitorView }) {
  const { session } = useDocumentSession(socketUrl(contract.viewSync, { token }), null);
  const connection = useConnection(session?.connection ?? null);
  const presence = usePresence(session?.provider.awareness ?? null);

  return (
    <div className="view-page">
      <header className="view-page__bar">
        <Link className="brand" href="/">
          Quire
        </Link>
        <div className="view-page__title">
          <h1 className="view-page__path" data-testid="file-path">
            {view.file.path}
          </h1>
          <span className="meta">
            in {view.workspaceName}, shared by {view.sharedBy}
          </span>
        </div>
        <span className="role-tag">Read-only</span>
        <div className="header__spacer" />
        <ConnectionIndicator label={connection.label} />
        <PresenceList presence={presence} asVisitor />
      </header>
      {connection.problem && (
        <div className="banner" role="alert">
          {connection.problem}
        </div>
      )}
      <main className="view-page__body" id={MAIN_ID} tabIndex={-1}>
        {session && connection.everSynced ? (
          <CollabEditor
            text={session.text}
            awareness={session.provider.awareness}
            fileName={view.file.path}
            readOnly
          />
        ) : (
          <p className="empty-state">
            {connection.problem ? "The file could not be opened." : "Connecting…"}
          </p>
        )}
      </main>
    </div>
  );
}
