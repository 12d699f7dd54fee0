import { useCallback, useEffect, useState } from "react";
import { contract } from "../../shared/api/contract.ts";
import type { WorkspaceDetails, WorkspaceEvent } from "../../shared/api/tree.ts";
import type { Role } from "../../shared/roles.ts";
import { pathFor } from "../../shared/api/endpoint.ts";
import { api, ApiError } from "../lib/api.ts";
import { keepAnswer } from "./offline-cache.ts";
import { type LiveSocket, openLiveSocket } from "./live-socket.ts";
import { withPresence } from "./presence-map.ts";

/** A workspace as the page shows it, kept current by the live tree socket. */
export type WorkspaceState =
  | { status: "loading" }
  /** `forbidden`: signed in but not a member, so the page can offer to ask for access. */
  | { status: "error"; message: string; forbidden?: boolean }
  | { status: "ready"; workspace: Omit<WorkspaceDetails, "role">; role: Role };

/**
 * Loads a workspace and follows its live tree socket: projects, folders and
 * files appear, move and disappear without a reload. The socket reconnects
 * by itself (`openLiveSocket`: full-jitter backoff, 4429 retried); after a
 * reconnect the workspace is loaded again, since events may have been
 * missed (a role change among them). A refusal (removed, signed out) ends
 * it with the server's words.
 */
export function useWorkspace(workspaceId: string, attempt = 0): WorkspaceState {
  const [state, setState] = useState<WorkspaceState>({ status: "loading" });

  /** Loads the workspace; `quiet` keeps what is shown when only the network failed. */
  const load = useCallback(
    async (quiet = false) => {
      try {
        const { role, ...workspace } = await api.workspace({ params: { ws: workspaceId } });
        setState({ status: "ready", workspace, role });
        return true;
      } catch (error) {
        if (quiet && error instanceof ApiError && error.status === 0) return true;
        const forbidden = error instanceof ApiError && error.status === 403;
        setState({
          status: "error",
          forbidden,
          message: forbidden
            ? "You don't have access to this workspace."
            : error instanceof ApiError
              ? error.message
              : "The workspace could not be loaded.",
        });
        return false;
      }
    },
    [workspaceId],
  );

  useEffect(() => {
    let live: LiveSocket<typeof contract.workspaceLive> | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      live?.close();
    };

    const onEvent = (event: WorkspaceEvent) => {
      if (event.type === "tree") {
        setState((current) =>
          current.status === "ready" && current.workspace.version > event.workspace.version
            ? current
            : {
                status: "ready",
                workspace: event.workspace,
                role: current.status === "ready" ? current.role : "viewer",
              },
        );
      } else if (event.type === "role") {
        setState((current) =>
          current.status === "ready" ? { ...current, role: event.role } : current,
        );
      } else if (event.type === "presence") {
        setState((current) =>
          current.status === "ready"
            ? {
                ...current,
                workspace: {
                  ...current.workspace,
                  presence: withPresence(current.workspace.presence, event.member, event.fileIds),
                },
              }
            : current,
        );
      } else {
        setState({ status: "error", message: "This workspace was deleted." });
        stop();
      }
    };

    // load() sets state only after its fetch; the rule cannot see past the await.
    // oxlint-disable-next-line react/set-state-in-effect
    void load().then((ok) => {
      if (!ok || stopped) return;
      live = openLiveSocket(
        contract.workspaceLive,
        { ws: workspaceId },
        {
          onEvent,
          onOpen: (reconnected) => {
            if (reconnected) void load(true).then((still) => still || stop());
          },
          onRefused: (message) => setState({ status: "error", message }),
        },
      );
    });
    return stop;
    // A new `attempt`: the page asks to load again (access was just granted).
  }, [workspaceId, load, attempt]);

  // Every change the live socket brings is also the answer a reload offline gets
  // (issue 12 item 7: files made since the page loaded must not vanish offline).
  // Nobody is known to be in a file by then, so presence is not kept.
  useEffect(() => {
    if (state.status !== "ready") return;
    const answer: WorkspaceDetails = { ...state.workspace, role: state.role, presence: {} };
    void keepAnswer(pathFor(contract.workspace.path, { ws: workspaceId }), answer);
  }, [state, workspaceId]);

  return state;
}
