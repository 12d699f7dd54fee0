import type { ReactNode } from "react";
import type { User } from "../shared/api/session.ts";
import { AppHeader } from "./components/app-header.tsx";
import { DeleteAccountSection } from "./account/delete-account.tsx";
import { SessionsSection } from "./account/sessions-section.tsx";
import { AccountPage } from "./routes/account-page.tsx";
import { Toaster } from "./components/toaster.tsx";
import { TooltipProvider } from "./components/tooltip.tsx";
import { navigate, usePathname } from "./lib/router.ts";
import { HomePage } from "./routes/home-page.tsx";
import { InvalidLinkPage } from "./routes/invalid-link-page.tsx";
import {
  DeadInvite,
  invitationWords,
  InvitePage,
  JOIN_NOW,
  useInvitePreview,
} from "./routes/invite-page.tsx";
import { matchRoute, type Route } from "./routes/match-route.ts";
import { NotFoundPage } from "./routes/not-found-page.tsx";
import { SignInPage } from "./routes/sign-in-page.tsx";
import { ViewPage } from "./routes/view-page.tsx";
import { WorkspacePage } from "./routes/workspace-page.tsx";
import { useSession, type Session } from "./sync/use-session.ts";

/** The whole app: tooltips and toasts around the page for the current path. */
export function App() {
  return (
    <TooltipProvider>
      <Page />
      <Toaster />
    </TooltipProvider>
  );
}

/** Who is signed in, then the page for the current path. */
function Page(): ReactNode {
  const route = matchRoute(usePathname());
  const session = useSession();

  if (route.kind === "invalid-link") return <InvalidLinkPage address={route.address} />;
  if (route.kind === "not-found") return <NotFoundPage pathname={route.pathname} />;
  // A link anyone can open needs no session: a visitor reads the file as nobody in particular.
  if (route.kind === "view") return <ViewPage token={route.token} />;
  if (session.state.status === "loading") return <p className="empty-state">Loading…</p>;
  if (session.state.status === "signed-out") {
    return route.kind === "invite" ? (
      <SignedOutInvite token={route.token} session={session} />
    ) : (
      <SignInPage
        onSignIn={session.signIn}
        onSignedIn={session.signedIn}
        error={session.state.error}
      />
    );
  }
  const { user, passkeys } = session.state;
  return (
    <div className="app">
      <AppHeader
        user={user}
        skipTo={route.kind === "workspace" && route.fileId ? "editor" : "content"}
        onProfileChange={session.updateProfile}
        onSignOut={async () => {
          await session.signOut();
          navigate("/");
        }}
        passkeys={passkeys}
        onPasskeysChange={session.refresh}
      />
      <SignedInPage route={route} user={user} session={session} passkeys={passkeys} />
    </div>
  );
}

function SignedInPage({
  route,
  user,
  session,
  passkeys,
}: {
  route: Exclude<Route, { kind: "invalid-link" | "not-found" | "view" }>;
  user: User;
  session: Session;
  passkeys: number;
}) {
  // The session ended on the server (signed out everywhere, account deleted):
  // forget it here too (local copies, offline pages) and show the sign-in page.
  const signedOut = async () => {
    await session.signOut();
    navigate("/");
  };
  switch (route.kind) {
    case "home":
      return <HomePage />;
    case "account":
      return (
        <AccountPage passkeys={passkeys} onPasskeysChange={session.refresh}>
          <SessionsSection onSignedOut={signedOut} />
          <DeleteAccountSection onDeleted={signedOut} />
        </AccountPage>
      );
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

/**
 * A share link opened by someone not signed in: a dead link says so; a live
 * one says who invited them to what and asks for a name, and picking it
 * joins at once (the invite page sees `?join=1`): one step.
 */
function SignedOutInvite({ token, session }: { token: string; session: Session }) {
  const preview = useInvitePreview(token);
  if (preview.status === "loading") return <p className="empty-state">Checking the link…</p>;
  if (preview.status === "dead") return <DeadInvite message={preview.message} />;
  if (preview.anyone) return <ViewPage token={token} />;
  return (
    <SignInPage
      onSignIn={async (name, color) => {
        navigate(`/invite/${encodeURIComponent(token)}?${JOIN_NOW}`);
        await session.signIn(name, color);
      }}
      onSignedIn={(answer) => {
        navigate(`/invite/${encodeURIComponent(token)}?${JOIN_NOW}`);
        session.signedIn(answer);
      }}
      invitation={invitationWords(preview)}
      submitLabel={`Join ${preview.workspaceName}`}
    />
  );
}
