import { useState } from "react";
import { toast } from "sonner";
import type { Member } from "../../../shared/api/members.ts";
import type { AccessRequest } from "../../../shared/api/sharing.ts";
import {
  GRANTABLE_ROLES,
  type GrantableRole,
  ROLES,
  type Role,
  ROLE_WORDS,
} from "../../../shared/roles.ts";
import { ConfirmDialog } from "../../components/dialog.tsx";
import { api } from "../../lib/api.ts";
import { relativeTime } from "../../lib/when.ts";
import type { ShareState, ShareTarget } from "./share-dialog.tsx";

/** A change to someone that waits for the owner to confirm it. */
type Pending = { kind: "role"; member: Member; role: Role } | { kind: "remove"; member: Member };

/**
 * Who is in the workspace (issue 12 item 4): the members with their roles
 * (owners change and remove them, after a confirmation), and the people an
 * owner removed, who come back only by a new link or an approved request.
 */
export function SharePeople({
  target,
  state,
  act,
}: {
  target: ShareTarget;
  state: ShareState;
  act: (run: () => Promise<unknown>) => Promise<boolean>;
}) {
  const { workspaceId, workspaceName, userId, role } = target;
  const owner = role === "owner";
  const [pending, setPending] = useState<Pending | undefined>();
  const params = { ws: workspaceId };

  return (
    <>
      <section className="share-section" aria-label="People">
        <h3 className="share-section__title">
          People <span className="meta">({state.members.members.length})</span>
        </h3>
        <ul className="share-people">
          {state.members.members.map((member) => (
            <li key={member.userId} className="share-person" aria-label={member.name}>
              <Avatar name={member.name} color={member.color} />
              <span className="share-person__name">
                {member.name}
                {member.userId === userId && <span className="meta"> (you)</span>}
              </span>
              {owner ? (
                <select
                  className="text-input text-input--small"
                  aria-label={`Role of ${member.name}`}
                  value={member.role}
                  onChange={(event) =>
                    setPending({ kind: "role", member, role: event.target.value as Role })
                  }
                >
                  {ROLES.map((option) => (
                    <option key={option} value={option}>
                      {ROLE_WORDS[option].title}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="meta">{ROLE_WORDS[member.role].title}</span>
              )}
              {owner && member.userId !== userId && (
                <button
                  className="button button--small"
                  type="button"
                  aria-label={`Remove ${member.name}`}
                  onClick={() => setPending({ kind: "remove", member })}
                >
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
        {owner && state.members.removed.length > 0 && (
          <div className="share-removed">
            <h4 className="share-removed__title">Removed</h4>
            <ul className="share-people">
              {state.members.removed.map((removed) => (
                <li key={removed.userId} className="share-person share-person--removed">
                  <span className="share-person__name">{removed.name}</span>
                  <span className="meta">
                    removed by {removed.removedBy} {relativeTime(removed.removedAt)}; their old
                    links no longer work. A new link or an approved request lets them back.
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <ConfirmDialog
        open={pending !== undefined}
        onOpenChange={(open) => !open && setPending(undefined)}
        title={pending ? confirmTitle(pending, workspaceName) : ""}
        description={pending ? confirmWords(pending) : ""}
        confirmLabel={pending?.kind === "remove" ? "Remove" : "Change role"}
        destructive={pending?.kind === "remove"}
        onConfirm={async () => {
          if (!pending) return;
          const { member } = pending;
          const user = { ...params, user: member.userId };
          const done = await act(() =>
            pending.kind === "remove"
              ? api.removeMember({ params: user })
              : api.setRole({ params: user, body: { role: pending.role } }),
          );
          if (!done) throw new Error("That did not work. Try again.");
          toast(
            pending.kind === "remove"
              ? `${member.name} was removed`
              : `${member.name} is now ${ROLE_WORDS[pending.role].person}`,
          );
        }}
      />
    </>
  );
}

/** Owners' answers to access requests (issue 12 item 3): approve with a role, or decline. */
export function AccessRequests({
  workspaceId,
  requests,
  act,
}: {
  workspaceId: string;
  requests: AccessRequest[];
  act: (run: () => Promise<unknown>) => Promise<boolean>;
}) {
  if (requests.length === 0) return null;
  const params = { ws: workspaceId };
  return (
    <section className="share-section" aria-label="Access requests">
      <h3 className="share-section__title">
        Asking for access <span className="meta">({requests.length})</span>
      </h3>
      <ul className="share-people">
        {requests.map((request) => (
          <RequestRow
            key={request.userId}
            request={request}
            onApprove={(grant) =>
              act(async () => {
                await api.approveAccess({
                  params: { ...params, user: request.userId },
                  body: { role: grant },
                });
                toast(`${request.name} can now ${grant === "editor" ? "edit" : "view"}`);
              })
            }
            onDecline={() =>
              act(async () => {
                await api.declineAccess({ params: { ...params, user: request.userId } });
                toast(`Declined ${request.name}'s request`);
              })
            }
          />
        ))}
      </ul>
    </section>
  );
}

function confirmTitle(pending: Pending, workspaceName: string): string {
  return pending.kind === "remove"
    ? `Remove ${pending.member.name} from ${workspaceName}?`
    : `Make ${pending.member.name} ${ROLE_WORDS[pending.role].person}?`;
}

function confirmWords(pending: Pending): string {
  if (pending.kind === "remove") {
    return `${pending.member.name} loses access at once: their open files close. Links they already used stop working for them; only a new link or an approved request lets them back.`;
  }
  const what: Record<Role, string> = {
    owner: "They can manage people, links and the workspace, as you can.",
    editor: "They can edit files and the tree, but not manage people or links.",
    commenter: "They can read everything and comment, but not change the text or the tree.",
    viewer: "They can read everything, but no longer change anything.",
  };
  return `${what[pending.role]} Their open files follow at once.`;
}

function RequestRow({
  request,
  onApprove,
  onDecline,
}: {
  request: AccessRequest;
  onApprove: (role: GrantableRole) => Promise<boolean>;
  onDecline: () => Promise<boolean>;
}) {
  const [grant, setGrant] = useState<GrantableRole>("editor");
  return (
    <li
      className="share-person share-person--request"
      aria-label={`${request.name} asks for access`}
    >
      <Avatar name={request.name} color={request.color} />
      <span className="share-person__name">
        {request.name}
        <span className="meta">
          {" "}
          asked {relativeTime(request.requestedAt)}
          {request.file ? ` to open ${request.file.path}` : ""}
        </span>
      </span>
      <select
        className="text-input text-input--small"
        aria-label={`Role for ${request.name}`}
        value={grant}
        onChange={(event) => setGrant(event.target.value as GrantableRole)}
      >
        {GRANTABLE_ROLES.map((option) => (
          <option key={option} value={option}>
            {ROLE_WORDS[option].ability}
          </option>
        ))}
      </select>
      <button
        className="button button--small button--primary"
        type="button"
        onClick={() => void onApprove(grant)}
      >
        Approve
      </button>
      <button className="button button--small" type="button" onClick={() => void onDecline()}>
        Decline
      </button>
    </li>
  );
}

function Avatar({ name, color }: { name: string; color: string }) {
  return (
    <span className="avatar avatar--small" style={{ backgroundColor: color }} aria-hidden="true">
      {Array.from(name.trim())[0]?.toLocaleUpperCase() ?? "?"}
    </span>
  );
}
