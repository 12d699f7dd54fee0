import { useId, useState } from "react";
import { toast } from "sonner";
import type { Invite, InviteBody, LinkedFile } from "../../../shared/api/members.ts";
import { GRANTABLE_ROLES, type GrantableRole, ROLE_WORDS } from "../../../shared/roles.ts";
import { ConfirmDialog } from "../../components/dialog.tsx";
import { api } from "../../lib/api.ts";
import { relativeTime } from "../../lib/when.ts";
import type { useCopy } from "./copy.ts";

/** The expiries a link may have, as the dialog offers them. */
const EXPIRIES = [
  { label: "Never expires", seconds: undefined },
  { label: "Expires in 1 day", seconds: 24 * 3600 },
  { label: "Expires in 7 days", seconds: 7 * 24 * 3600 },
  { label: "Expires in 30 days", seconds: 30 * 24 * 3600 },
] as const;

interface ShareLinksProps {
  workspaceId: string;
  invites: Invite[];
  /** The file the dialog was opened from: links may land on it, or show it to anyone. */
  file?: LinkedFile;
  copier: ReturnType<typeof useCopy>;
  act: (run: () => Promise<unknown>) => Promise<boolean>;
}

/** Owners' links: make one (role, expiry, file, anyone), and every live one with Copy and Revoke. */
export function ShareLinks({ workspaceId, invites, file, copier, act }: ShareLinksProps) {
  // When the dialog opened: a link that expires while it is open shows until it reloads.
  const [now] = useState(() => Date.now());
  const live = invites.filter(
    (invite) => invite.revokedAt === null && (invite.expiresAt === null || invite.expiresAt > now),
  );
  const ended = invites.length - live.length;
  const [revoking, setRevoking] = useState<Invite | undefined>();

  return (
    <>
      <NewLinkForm workspaceId={workspaceId} file={file} copier={copier} act={act} />
      <section className="share-section" aria-label="Links">
        <h3 className="share-section__title">
          Links <span className="meta">({live.length})</span>
        </h3>
        {live.length === 0 && (
          <p className="empty-state empty-state--small">No live links. Make one above.</p>
        )}
        <ul className="share-links">
          {live.map((invite) => (
            <LinkRow
              key={invite.id}
              invite={invite}
              copier={copier}
              onRevoke={() => setRevoking(invite)}
            />
          ))}
        </ul>
        {ended > 0 && (
          <p className="meta">
            {ended === 1
              ? "1 revoked or expired link no longer lets anyone in."
              : `${ended} revoked or expired links no longer let anyone in.`}
          </p>
        )}
      </section>
      <ConfirmDialog
        open={revoking !== undefined}
        onOpenChange={(open) => !open && setRevoking(undefined)}
        title="Revoke this link?"
        description={revoking ? revokeWords(revoking) : ""}
        confirmLabel="Revoke link"
        destructive
        onConfirm={async () => {
          if (!revoking) return;
          const done = await act(() =>
            api.revokeInvite({ params: { ws: workspaceId, invite: revoking.id } }),
          );
          if (!done) throw new Error("The link could not be revoked. Try again.");
          toast("Link revoked");
        }}
      />
    </>
  );
}

/** What revoking a link does, naming who joined with it. */
function revokeWords(invite: Invite): string {
  const names = invite.joined.map((person) => person.name);
  const joined =
    names.length === 0
      ? "Nobody joined with it."
      : `${joinNames(names)} joined with it and stay${names.length === 1 ? "s" : ""} a member${names.length === 1 ? "" : "s"}.`;
  const visitors =
    invite.anyone && invite.file
      ? ` Anyone reading ${invite.file.path} with it is disconnected now.`
      : "";
  return `Nobody can use this link any more. ${joined}${visitors}`;
}

function joinNames(names: string[]): string {
  if (names.length <= 2) return names.join(" and ");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function NewLinkForm({ workspaceId, file, copier, act }: Omit<ShareLinksProps, "invites">) {
  const formId = useId();
  const [role, setRole] = useState<GrantableRole>("editor");
  const [expiry, setExpiry] = useState(0);
  const [toFile, setToFile] = useState(file !== undefined);
  const [anyone, setAnyone] = useState(false);
  const body = (forFile: boolean): InviteBody => ({
    role: anyone && forFile ? "viewer" : role,
    ...(EXPIRIES[expiry]?.seconds === undefined
      ? {}
      : { expiresInSeconds: EXPIRIES[expiry].seconds }),
    ...(forFile && file ? { fileId: file.id, ...(anyone ? { anyone: true } : {}) } : {}),
  });
  const create = async (forFile: boolean, thenCopy: boolean) => {
    let url: string | undefined;
    const done = await act(async () => {
      url = (await api.createInvite({ params: { ws: workspaceId }, body: body(forFile) })).url;
    });
    if (!done || !url) return;
    if (thenCopy) {
      if (await copier.copy(url, "new-file-link")) toast("Link to the file copied");
    } else {
      toast("Link created");
    }
  };

  return (
    <section className="share-section" aria-labelledby={`${formId}-title`}>
      <h3 className="share-section__title" id={`${formId}-title`}>
        Invite with a link
      </h3>
      <div className="share-form">
        <div className="share-form__field">
          <label className="field-label" htmlFor={`${formId}-role`}>
            Role
          </label>
          <select
            id={`${formId}-role`}
            className="text-input text-input--small"
            value={anyone && toFile ? "viewer" : role}
            disabled={anyone && toFile}
            onChange={(event) => setRole(event.target.value as GrantableRole)}
          >
            {GRANTABLE_ROLES.map((option) => (
              <option key={option} value={option}>
                {ROLE_WORDS[option].ability}
              </option>
            ))}
          </select>
        </div>
        <div className="share-form__field">
          <label className="field-label" htmlFor={`${formId}-expiry`}>
            Expiry
          </label>
          <select
            id={`${formId}-expiry`}
            className="text-input text-input--small"
            value={expiry}
            onChange={(event) => setExpiry(Number(event.target.value))}
          >
            {EXPIRIES.map((option, index) => (
              <option key={option.label} value={index}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {file && (
          <div className="share-form__field">
            <label className="field-label" htmlFor={`${formId}-opens`}>
              Opens
            </label>
            <select
              id={`${formId}-opens`}
              className="text-input text-input--small"
              value={toFile ? "file" : "workspace"}
              onChange={(event) => {
                setToFile(event.target.value === "file");
                if (event.target.value !== "file") setAnyone(false);
              }}
            >
              <option value="file">{file.path}</option>
              <option value="workspace">The workspace</option>
            </select>
          </div>
        )}
      </div>
      {file && toFile && (
        <label className="share-form__check">
          <input
            type="checkbox"
            checked={anyone}
            onChange={(event) => setAnyone(event.target.checked)}
          />
          <span>
            Anyone with the link can view {file.path}
            <span className="meta"> (no sign-in; they do not join and see no other file)</span>
          </span>
        </label>
      )}
      <div className="share-form__actions">
        <button
          className="button button--small"
          type="button"
          onClick={() => void create(toFile, false)}
        >
          Create link
        </button>
        {file && (
          <button
            className="button button--small button--primary"
            type="button"
            onClick={() => void create(true, true)}
          >
            {copier.copied === "new-file-link" ? "Copied" : "Copy link to this file"}
          </button>
        )}
      </div>
    </section>
  );
}

function LinkRow({
  invite,
  copier,
  onRevoke,
}: {
  invite: Invite;
  copier: ReturnType<typeof useCopy>;
  onRevoke: () => void;
}) {
  const kind = invite.anyone ? "Anyone can view" : ROLE_WORDS[invite.role].ability;
  const opens = invite.file ? invite.file.path : "the workspace";
  const label = `${kind} link to ${opens}`;
  return (
    <li className="share-link" aria-label={label}>
      <div className="share-link__head">
        <span className={`role-tag${invite.anyone ? " role-tag--anyone" : ""}`}>{kind}</span>
        <span className="share-link__opens">Opens {opens}</span>
      </div>
      <p className="meta share-link__facts">
        Made by {invite.createdBy.name} {relativeTime(invite.createdAt)} ·{" "}
        {invite.expiresAt === null ? "never expires" : `expires ${relativeTime(invite.expiresAt)}`}{" "}
        · {invite.anyone ? visitorsWords(invite.visitors) : joinedWords(invite)}
      </p>
      <div className="share-url">
        {invite.url ? (
          <input
            className="text-input text-input--small share-url__field"
            aria-label={`Address of the ${label}`}
            readOnly
            value={invite.url}
            onFocus={(event) => event.currentTarget.select()}
          />
        ) : (
          <span className="meta share-url__field">
            Made before links were kept: make a new one to copy it.
          </span>
        )}
        {invite.url && (
          <button
            className="button button--small"
            type="button"
            aria-label={copier.copied === invite.id ? "Copied" : `Copy the ${label}`}
            onClick={() => void copier.copy(invite.url!, invite.id)}
          >
            {copier.copied === invite.id ? "Copied" : "Copy link"}
          </button>
        )}
        <button
          className="button button--small"
          type="button"
          aria-label={`Revoke the ${label}`}
          onClick={onRevoke}
        >
          Revoke
        </button>
      </div>
    </li>
  );
}

function joinedWords(invite: Invite): string {
  const count = invite.joined.length;
  if (count === 0) return "nobody joined yet";
  return `${count} joined: ${joinNames(invite.joined.map((person) => person.name))}`;
}

function visitorsWords(count: number): string {
  return count === 0 ? "no visitors yet" : `${count} visitor${count === 1 ? "" : "s"}`;
}
