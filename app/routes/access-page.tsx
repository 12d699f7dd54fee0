import { useEffect, useState } from "react";
import { Link } from "../components/link.tsx";
import { api, ApiError } from "../lib/api.ts";
import { MAIN_ID } from "../lib/focus.ts";
import { onUserEvent } from "../sync/user-events.ts";

/** How long to wait between checks while a request waits for an owner. */
const RECHECK_MS = 10_000;

type RequestState =
  | { status: "checking" }
  | { status: "none" }
  | { status: "sending" }
  | { status: "pending"; requestedAt: number }
  | { status: "declined" };

/**
 * A signed-in person opened a workspace or file address they are not a
 * member of (issue 12 item 3): they may ask for access, which goes to every
 * owner's inbox. When an owner answers, this page hears it on the person's
 * own live socket (or on its next check) and calls `onGranted`, which loads
 * the workspace again: approved, it turns into the file.
 */
export function AccessPage({
  workspaceId,
  fileId,
  onGranted,
}: {
  workspaceId: string;
  fileId?: string;
  onGranted: () => void;
}) {
  const [state, setState] = useState<RequestState>({ status: "checking" });
  const [problem, setProblem] = useState<string | undefined>();
  const params = { ws: workspaceId };
  const pending = state.status === "pending";

  useEffect(() => {
    let cancelled = false;
    api.myAccessRequest({ params: { ws: workspaceId } }).then(
      (mine) =>
        !cancelled &&
        setState(
          mine.pending && mine.requestedAt !== null
            ? { status: "pending", requestedAt: mine.requestedAt }
            : { status: "none" },
        ),
      () => !cancelled && setState({ status: "none" }),
    );
    return () => {
      cancelled = true;
    };
  }, [workspaceId]);

  useEffect(() => {
    if (!pending) return;
    // An answer is an inbox item about this workspace; the check is for when
    // the live socket is down. Either way, ask the server what the answer was.
    const check = async () => {
      const mine = await api.myAccessRequest({ params: { ws: workspaceId } }).catch(() => null);
      if (!mine || mine.pending) return;
      try {
        await api.workspace({ params: { ws: workspaceId } });
        onGranted();
      } catch {
        setState({ status: "declined" });
      }
    };
    const stop = onUserEvent((event) => {
      if (event.type === "inbox" && event.item.workspaceId === workspaceId) void check();
    });
    const timer = setInterval(() => void check(), RECHECK_MS);
    return () => {
      stop();
      clearInterval(timer);
    };
  }, [pending, workspaceId, onGranted]);

  const ask = async () => {
    setProblem(undefined);
    setState({ status: "sending" });
    try {
      const mine = await api.requestAccess({
        params,
        body: fileId === undefined ? {} : { fileId },
      });
      setState({ status: "pending", requestedAt: mine.requestedAt ?? Date.now() });
    } catch (error) {
      setState({ status: "none" });
      setProblem(error instanceof ApiError ? error.message : "The request could not be sent.");
    }
  };

  const what = fileId ? "this file" : "this workspace";
  return (
    <main className="page page--centered" id={MAIN_ID} tabIndex={-1}>
      <h1 className="page-title">You don’t have access to {what}</h1>
      {state.status === "pending" ? (
        <output className="lede">
          Request sent. The owners have it in their inbox; {what} opens here as soon as one of them
          lets you in.
        </output>
      ) : state.status === "declined" ? (
        <output className="lede">
          An owner declined your request. You can ask again, or ask an owner directly.
        </output>
      ) : (
        <p className="lede">
          Ask the workspace’s owners to let you in. They see your name and which file you tried to
          open.
        </p>
      )}
      {state.status !== "pending" && (
        <button
          className="button button--primary"
          type="button"
          disabled={state.status === "checking" || state.status === "sending"}
          onClick={() => void ask()}
        >
          {state.status === "declined" ? "Ask again" : "Request access"}
        </button>
      )}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <Link className="button button--quiet" href="/">
        Go to your workspaces
      </Link>
    </main>
  );
}
