import { useCallback, useEffect, useState } from "react";
import type { Invite, LinkedFile, MemberList } from "../../../shared/api/members.ts";
import type { AccessRequest } from "../../../shared/api/sharing.ts";
import type { Role } from "../../../shared/roles.ts";
import { Dialog } from "../../components/dialog.tsx";
import { api, ApiError } from "../../lib/api.ts";
import { filePagePath } from "../match-route.ts";
import { useCopy } from "./copy.ts";
import { ShareLinks } from "./share-links.tsx";
import { AccessRequests, SharePeople } from "./share-people.tsx";
import "./share-dialog.css";

/** What the Share dialog is about: the workspace, and the file it was opened from, if any. */
export interface ShareTarget {
  workspaceId: string;
  workspaceName: string;
  /** The caller's role: owners manage links, requests and people; others see who is here. */
  role: Role;
  userId: string;
  /** The workspace's version: a join, a request or a role change bumps it, and the lists reload. */
  version: number;
  file?: LinkedFile;
}

/**
 * The Share dialog (issue 12 item 2), opened from the Share button in the
 * workspace's header and in every file's toolbar: links with their full URL
 * and Copy link, a link to this file, links anyone can open, access
 * requests, and the people with their roles. What it loads, it loads when
 * it opens and again on every new version of the workspace.
 */
export function ShareDialog({
  open,
  onOpenChange,
  ...target
}: ShareTarget & { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog
      title={`Share ${target.workspaceName}`}
      description={
        target.role === "owner"
          ? "People with a link join this workspace; a link anyone can open shows one file."
          : "Only owners can invite people. Members can open the link to a file."
      }
      open={open}
      onOpenChange={onOpenChange}
      className="share-dialog"
    >
      {open && <ShareDialogBody {...target} />}
    </Dialog>
  );
}

/** What the dialog shows, loaded when it opens and again on every new version. */
export interface ShareState {
  members: MemberList;
  invites: Invite[];
  requests: AccessRequest[];
}

function ShareDialogBody(target: ShareTarget) {
  const { workspaceId, role, version, file } = target;
  const owner = role === "owner";
  const [state, setState] = useState<ShareState | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const copier = useCopy();

  const reload = useCallback(async () => {
    const params = { ws: workspaceId };
    const [members, invites, requests] = await Promise.all([
      api.members({ params }),
      owner ? api.invites({ params }) : { invites: [] },
      owner ? api.accessRequests({ params }) : { requests: [] },
    ]);
    setState({ members, invites: invites.invites, requests: requests.requests });
  }, [workspaceId, owner]);

  useEffect(() => {
    // reload() sets state only after its fetches; the rule cannot see past the await.
    // oxlint-disable-next-line react/set-state-in-effect
    void reload().catch((error: unknown) =>
      setProblem(
        error instanceof ApiError ? error.message : "Sharing could not be loaded. Try again.",
      ),
    );
  }, [reload, version]);

  /** Runs a change, shows its failure where the person is looking, and reloads the lists. */
  const act = async (run: () => Promise<unknown>): Promise<boolean> => {
    setProblem(undefined);
    try {
      await run();
      await reload();
      return true;
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "That did not work. Try again.");
      return false;
    }
  };

  return (
    <div className="share-dialog__body">
      {file && !owner && <FileAddress file={file} workspaceId={workspaceId} copier={copier} />}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <output className="visually-hidden">{copier.copied ? "Link copied" : ""}</output>
      {copier.problem && (
        <p className="form-problem" role="alert">
          {copier.problem}
        </p>
      )}
      {!state && !problem && <p className="empty-state empty-state--small">Loading…</p>}
      {state && owner && (
        <AccessRequests workspaceId={workspaceId} requests={state.requests} act={act} />
      )}
      {state && owner && (
        <ShareLinks
          workspaceId={workspaceId}
          invites={state.invites}
          file={file}
          copier={copier}
          act={act}
        />
      )}
      {state && <SharePeople target={target} state={state} act={act} />}
    </div>
  );
}

/** For members who are not owners: the file's own address, which members open and others ask for. */
function FileAddress({
  file,
  workspaceId,
  copier,
}: {
  file: LinkedFile;
  workspaceId: string;
  copier: ReturnType<typeof useCopy>;
}) {
  const url = `${location.origin}${filePagePath(workspaceId, file.projectId, file.id)}`;
  return (
    <section className="share-section" aria-label="Link to this file">
      <h3 className="share-section__title">Link to {file.path}</h3>
      <p className="meta">Members open it; anyone else can ask an owner for access.</p>
      <div className="share-url">
        <input
          className="text-input text-input--small share-url__field"
          aria-label={`Link to ${file.path}`}
          readOnly
          value={url}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          className="button button--small button--primary"
          type="button"
          onClick={() => void copier.copy(url, "file-address")}
        >
          {copier.copied === "file-address" ? "Copied" : "Copy link to this file"}
        </button>
      </div>
    </section>
  );
}
