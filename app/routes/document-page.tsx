import { CollabEditor } from "../editor/collab-editor.tsx";
import { Link } from "../components/link.tsx";
import { ConnectionIndicator } from "../components/connection-indicator.tsx";
import { NameField } from "../components/name-field.tsx";
import { PresenceList } from "../components/presence-list.tsx";
import { useConnection } from "../sync/use-connection.ts";
import { useDocumentSession } from "../sync/use-document-session.ts";
import { useIdentity } from "../sync/use-identity.ts";
import { usePresence } from "../sync/use-presence.ts";

/** Props of `DocumentPage`. */
export interface DocumentPageProps {
  /** A well-formed id (the router has checked it). */
  documentId: string;
  /** Chooses highlighting; documents have no file names yet, so Markdown. */
  fileName?: string;
}

/** One document: header with connection, people and name; the shared editor below. */
export function DocumentPage({ documentId, fileName }: DocumentPageProps) {
  const [identity, rename] = useIdentity();
  const session = useDocumentSession(documentId, identity);
  const connection = useConnection(session?.connection ?? null);
  const participants = usePresence(session?.provider.awareness ?? null);

  return (
    <div className="document-page">
      <header className="header">
        <Link className="brand" href="/">
          Quire
        </Link>
        <span className="header__title" title={documentId}>
          {fileName ?? "Untitled document"}
        </span>
        <div className="header__spacer" />
        <ConnectionIndicator label={connection.label} />
        <PresenceList participants={participants} />
        <NameField name={identity.name} color={identity.color} onRename={rename} />
      </header>
      {connection.problem && (
        <div className="banner" role="alert">
          {connection.problem}
        </div>
      )}
      <main className="editor-area">
        {session && connection.everSynced ? (
          <CollabEditor
            text={session.text}
            awareness={session.provider.awareness}
            fileName={fileName}
          />
        ) : (
          <p className="empty-state">{emptyStateText(connection.label, connection.problem)}</p>
        )}
      </main>
    </div>
  );
}

/** What the editor area says before the document's first sync. */
function emptyStateText(label: string, problem: string | null): string {
  if (problem) return "The document could not be opened.";
  if (label === "Offline") return "You are offline. The document opens when you are back online.";
  return "Connecting…";
}
