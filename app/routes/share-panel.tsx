import { useCallback, useEffect, useState } from "react";
import type { CreatedInvite, Invite, Member } from "../../shared/api/members.ts";
import { ROLES, type Role } from "../../shared/roles.ts";
import { api, ApiError } from "../lib/api.ts";
import "./share-panel.css";

/** Owners' panel: share links (create, copy, revoke) and members (role, remove). */
export function SharePanel({
  workspaceId,
  currentUserId,
  version,
}: {
  workspaceId: string;
  currentUserId: string;
  /** The workspace's version: a join or a role change bumps it, and the lists reload. */
  version: number;
}) {
  const [members, setMembers] = useState<Member[]>([]);
  const [invites, setInvites] = useState<Invite[]>([]);
  const [created, setCreated] = useState<CreatedInvite | undefined>();
  const [linkRole, setLinkRole] = useState<"editor" | "viewer">("editor");
  const [problem, setProblem] = useState<string | undefined>();

  const reload = useCallback(async () => {
    const [m, i] = await Promise.all([
      api.members({ params: { ws: workspaceId } }),
      api.invites({ params: { ws: workspaceId } }),
    ]);
    setMembers(m.members);
    setInvites(i.invites);
  }, [workspaceId]);

  useEffect(() => {
    // reload() sets state only after its fetches; the rule cannot see past the await.
    // oxlint-disable-next-line react/set-state-in-effect
    void reload().catch(() => setProblem("Members and links could not be loaded."));
  }, [reload, version]);

  const act = async (run: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await run();
      await reload();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "That did not work. Try again.");
    }
  };

  return (
    <section className="share" aria-label="Sharing">
      <h2 className="section-title">Share</h2>
      <div className="create-form">
        <select
          className="text-input text-input--small"
          aria-label="Role for a new link"
          value={linkRole}
          onChange={(event) => setLinkRole(event.target.value as "editor" | "viewer")}
        >
          <option value="editor">Can edit</option>
          <option value="viewer">Can view</option>
        </select>
        <button
          className="button button--small"
          type="button"
          onClick={() =>
            act(async () =>
              setCreated(
                await api.createInvite({ params: { ws: workspaceId }, body: { role: linkRole } }),
              ),
            )
          }
        >
          Create link
        </button>
      </div>
      {created && (
        <p className="share__created">
          <input
            className="text-input text-input--small"
            aria-label="New share link"
            readOnly
            value={created.url}
            onFocus={(event) => event.currentTarget.select()}
          />
        </p>
      )}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <ul className="tree" aria-label="Share links">
        {invites.map((invite) => (
          <li key={invite.id} className="tree__row">
            <span>
              {invite.role} link{invite.revokedAt ? " (revoked)" : ""}
            </span>
            {!invite.revokedAt && (
              <button
                className="button button--small"
                type="button"
                aria-label={`Revoke ${invite.role} link`}
                onClick={() =>
                  act(() => api.revokeInvite({ params: { ws: workspaceId, invite: invite.id } }))
                }
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <h2 className="section-title">Members</h2>
      <ul className="tree" aria-label="Members">
        {members.map((member) => (
          <li key={member.userId} className="tree__row">
            <span className="avatar avatar--small" style={{ backgroundColor: member.color }}>
              {member.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="member__name">{member.name}</span>
            <select
              className="text-input text-input--small"
              aria-label={`Role of ${member.name}`}
              value={member.role}
              onChange={(event) =>
                act(() =>
                  api.setRole({
                    params: { ws: workspaceId, user: member.userId },
                    body: { role: event.target.value as Role },
                  }),
                )
              }
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {role}
                </option>
              ))}
            </select>
            {member.userId !== currentUserId && (
              <button
                className="icon-button"
                type="button"
                aria-label={`Remove ${member.name}`}
                onClick={() =>
                  act(() => api.removeMember({ params: { ws: workspaceId, user: member.userId } }))
                }
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
