import type { User } from "../shared/api/session.ts";
import { InboxButton } from "./components/inbox-button.tsx";
import { Link } from "./components/link.tsx";
import { NameField } from "./components/name-field.tsx";
import { navigate, usePathname } from "./lib/router.ts";
import { HomePage } from "./routes/home-page.tsx";
import { InvalidLinkPage } from "./routes/invalid-link-page.tsx";
import { DeadInvite, InvitePage, useInvitePreview } from "./routes/invite-page.tsx";
import { matchRoute, type Route } from "./routes/match-route.ts";
import { NotFoundPage } from "./routes/not-found-page.tsx";
import { SignInPage } from "./routes/sign-in-page.tsx";
import { WorkspacePage } from "./routes/workspace-page.tsx";
import { useSession, type Session } from "./sync/use-session.ts";

/** The whole app: who is signed in, then the page for the current path. */
export function App() {
  const route = matchRoute(usePathname());
  const session = useSession();

  if (route.kind === "invalid-link") return <InvalidLinkPage address={route.address} />;
  if (route.kind === "not-found") return <NotFoundPage pathname={route.pathname} />;
  if (session.state.status === "loading") return <p className="empty-state">Loading…</p>;
  if (session.state.status === "signed-out") {
    return route.kind === "invite" ? (
      <SignedOutInvite token={route.token} session={session} />
    ) : (
      <SignInPage onSignIn={session.signIn} error={session.state.error} />
    );
  }
  const user = session.state.user;
  return (
    <div className="app">
      <header className="header">
        <Link className="brand" href="/">
          Quire
        </Link>
        <div className="header__spacer" />
        <InboxButton />
        <NameField
          name={user.name}
          color={user.color}
          onRename={(name) => {
            if (name.trim() && name.trim() !== user.name) void session.rename(name.trim());
          }}
        />
        <button
          className="button button--small"
          type="button"
          onClick={async () => {
            await session.signOut();
            navigate("/");
          }}
        >
          Sign out
        </button>
      </header>
      <SignedInPage route={route} user={user} />
    </div>
  );
}

function SignedInPage({
  route,
  user,
}: {
  route: Exclude<Route, { kind: "invalid-link" | "not-found" }>;
  user: User;
}) {
  switch (route.kind) {
    case "home":
      return <HomePage />;
    case "workspace":
      return (
        <WorkspacePage
          key={route.workspaceId}
          workspaceId={route.workspaceId}
          projectId={route.projectId}
          fileId={route.fileId}
          user={user}
        />
      );
    case "invite":
      return <InvitePage token={route.token} />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

/** A share link opened by someone not signed in: a dead link says so; a live one asks for a name. */
function SignedOutInvite({ token, session }: { token: string; session: Session }) {
  const preview = useInvitePreview(token);
  if (preview.status === "loading") return <p className="empty-state">Checking the link…</p>;
  if (preview.status === "dead") return <DeadInvite message={preview.message} />;
  return <SignInPage onSignIn={session.signIn} purpose={`join ${preview.workspaceName}`} />;
}
