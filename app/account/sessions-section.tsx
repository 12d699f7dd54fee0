import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import type { SessionInfo } from "../../shared/api/session.ts";
import { ConfirmDialog } from "../components/dialog.tsx";
import { api } from "../lib/api.ts";
import "./account-sections.css";
import { relativeTime } from "../lib/when.ts";

type Listing =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; sessions: SessionInfo[] };

/**
 * "Sessions" on the account page (issue 18 item 3): where the person is
 * signed in (browser, since when, last seen), this session marked, and
 * signing out one, all the others, or everywhere. A session signed out here
 * closes its open documents and tabs at once (the server does that).
 * `onSignedOut` runs when this browser's own session has ended, so the app
 * forgets it and shows the sign-in page.
 */
export function SessionsSection({ onSignedOut }: { onSignedOut: () => Promise<void> }) {
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [everywhere, setEverywhere] = useState(false);
  const reload = useCallback(async () => {
    try {
      const { sessions } = await api.sessions();
      setListing({ status: "ready", sessions });
    } catch (error) {
      setListing({ status: "error", message: (error as Error).message });
    }
  }, []);
  useEffect(() => {
    let cancelled = false;
    api.sessions().then(
      ({ sessions }) => !cancelled && setListing({ status: "ready", sessions }),
      (error: Error) => !cancelled && setListing({ status: "error", message: error.message }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const signOutOne = async (session: SessionInfo) => {
    try {
      await api.signOutSession({ params: { session: session.id } });
      if (session.current) return await onSignedOut();
      toast(`Signed out ${session.browser}.`);
      await reload();
    } catch (error) {
      toast.error((error as Error).message);
    }
  };
  const signOutOthers = async () => {
    try {
      await api.signOutOthers();
      toast("Signed out everywhere else.");
      await reload();
    } catch (error) {
      toast.error((error as Error).message);
    }
  };

  const others = listing.status === "ready" ? listing.sessions.filter((s) => !s.current) : [];
  return (
    <section className="account-section" aria-labelledby="sessions-title">
      <h2 className="section-title" id="sessions-title">
        Sessions
      </h2>
      <p className="account-section__about">
        Where you are signed in. Signing a session out closes its open files at once.
      </p>
      {listing.status === "loading" && <p className="empty-state">Loading your sessions…</p>}
      {listing.status === "error" && (
        <p className="form-problem" role="alert">
          {listing.message}
        </p>
      )}
      {listing.status === "ready" && (
        <ul className="account-list" aria-label="Sessions">
          {listing.sessions.map((session) => (
            <li key={session.id} className="account-list__item">
              <div className="account-list__text">
                <span className="account-list__name">{session.browser}</span>
                <span className="account-list__meta">
                  {session.current
                    ? `This session · signed in ${relativeTime(session.createdAt)}`
                    : `Signed in ${relativeTime(session.createdAt)} · last seen ${relativeTime(session.lastSeenAt)}`}
                </span>
              </div>
              <button
                type="button"
                className="button button--small"
                aria-label={`Sign out ${session.current ? "this session" : session.browser}`}
                onClick={() => void signOutOne(session)}
              >
                Sign out
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="account-section__buttons">
        <button
          type="button"
          className="button"
          disabled={others.length === 0}
          onClick={() => void signOutOthers()}
        >
          Sign out all other sessions
        </button>
        <button type="button" className="button button--danger" onClick={() => setEverywhere(true)}>
          Sign out everywhere…
        </button>
      </div>
      <ConfirmDialog
        open={everywhere}
        onOpenChange={setEverywhere}
        title="Sign out everywhere?"
        description="Every session ends, this one too, and their open files close at once."
        confirmLabel="Sign out everywhere"
        destructive
        onConfirm={async () => {
          await api.signOutEverywhere();
          await onSignedOut();
        }}
      />
    </section>
  );
}
