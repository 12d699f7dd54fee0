import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import type { CommentInfo, ThreadInfo } from "../../shared/api/comments.ts";
import { CloseIcon } from "../components/icons.tsx";
import { ApiError } from "../lib/api.ts";
import type { CommentThreads, PendingComment, ThreadsSnapshot } from "./comment-threads.ts";
import { type Mentionable, MentionInput } from "./mention-input.tsx";
import "./comments-panel.css";

/** A comment about to be made on the selected text. */
export interface CommentDraftRange {
  from: number;
  to: number;
  quote: string;
}

/** Props of `CommentsPanel`. */
export interface CommentsPanelProps {
  store: CommentThreads;
  snapshot: ThreadsSnapshot;
  /** Which threads' text is still in the file. */
  live: ReadonlySet<string>;
  userId: string;
  isOwner: boolean;
  canComment: boolean;
  members: readonly Mentionable[];
  draft: CommentDraftRange | null;
  onStartThread: (draft: CommentDraftRange, body: string, mentions: string[]) => void;
  onCancelDraft: () => void;
  active?: string;
  onJump: (threadId: string) => void;
  onClose: () => void;
}

/**
 * The file's comment threads beside the text (issue 19): a new comment on
 * the selection, then the open threads (or the resolved ones), each with
 * its quote (a click goes to its text), its comments, a reply box, and
 * Resolve or Reopen. A thread whose text was deleted says so and keeps its
 * quote. Comments made offline show as waiting until they are sent.
 */
export function CommentsPanel({
  store,
  snapshot,
  live,
  userId,
  isOwner,
  canComment,
  members,
  draft,
  onStartThread,
  onCancelDraft,
  active,
  onJump,
  onClose,
}: CommentsPanelProps) {
  const [showResolved, setShowResolved] = useState(false);
  const open = snapshot.threads.filter((thread) => !thread.resolved);
  const resolved = snapshot.threads.filter((thread) => thread.resolved);
  const shown = showResolved ? resolved : open;
  const pendingThreads = snapshot.pending.filter(
    (pending): pending is Extract<PendingComment, { kind: "thread" }> => pending.kind === "thread",
  );
  // A thread made active (a click on its text, a mention's link) is shown
  // where it is, among the resolved if it is; resolving one later does not
  // move the list, so the open ones stay in view.
  // (State adjusted while rendering, as React's docs advise, not in an effect.)
  const [placedFor, setPlacedFor] = useState<string | undefined>();
  if (active && active !== placedFor) {
    const thread = snapshot.threads.find((each) => each.id === active);
    if (thread) {
      setPlacedFor(active);
      setShowResolved(thread.resolved !== null);
    }
  }

  return (
    <aside className="comments" aria-label="Comments" data-testid="comments">
      <div className="comments__head">
        <h2 className="comments__title">Comments</h2>
        <button type="button" className="icon-button" aria-label="Close comments" onClick={onClose}>
          <CloseIcon />
        </button>
      </div>
      {draft && (
        <section className="comments__draft" aria-label="New comment">
          <blockquote className="comments__quote">{draft.quote}</blockquote>
          {/* The box appears because the person asked to comment: the caret goes there. */}
          <MentionInput
            label="New comment"
            placeholder="Comment… (@ to mention)"
            members={members}
            submitLabel="Comment"
            focusOnMount
            onSubmit={({ body, mentions }) => onStartThread(draft, body, mentions)}
            onCancel={onCancelDraft}
          />
        </section>
      )}
      {!draft && canComment && (
        <p className="comments__hint">
          Select text, then Comment (or Ctrl+Alt+M) to start a thread.
        </p>
      )}
      <fieldset className="segmented comments__filter">
        <legend className="visually-hidden">Show</legend>
        <button
          type="button"
          className="button button--small"
          aria-pressed={!showResolved}
          onClick={() => setShowResolved(false)}
        >
          Open ({open.length + pendingThreads.length})
        </button>
        <button
          type="button"
          className="button button--small"
          aria-pressed={showResolved}
          onClick={() => setShowResolved(true)}
        >
          Resolved ({resolved.length})
        </button>
      </fieldset>
      <ol className="comments__list">
        {!showResolved &&
          pendingThreads.map((pending) => (
            <li key={pending.id} className="thread thread--pending">
              <blockquote className="comments__quote">{pending.quote}</blockquote>
              <p className="comment__body">{pending.body}</p>
              <p className="meta">Waiting to be sent…</p>
            </li>
          ))}
        {shown.map((thread) => (
          <Thread
            key={thread.id}
            thread={thread}
            gone={!live.has(thread.id)}
            store={store}
            pendingReplies={snapshot.pending.filter(
              (pending) => pending.kind === "reply" && pending.threadId === thread.id,
            )}
            userId={userId}
            isOwner={isOwner}
            canComment={canComment}
            members={members}
            active={thread.id === active}
            onJump={() => onJump(thread.id)}
          />
        ))}
      </ol>
      {shown.length === 0 && (showResolved || pendingThreads.length === 0) && (
        <p className="empty-state empty-state--small">
          {!snapshot.loaded
            ? "Loading comments…"
            : showResolved
              ? "No resolved threads."
              : "No open comments."}
        </p>
      )}
    </aside>
  );
}

function Thread({
  thread,
  gone,
  store,
  pendingReplies,
  userId,
  isOwner,
  canComment,
  members,
  active,
  onJump,
}: {
  thread: ThreadInfo;
  gone: boolean;
  store: CommentThreads;
  pendingReplies: PendingComment[];
  userId: string;
  isOwner: boolean;
  canComment: boolean;
  members: readonly Mentionable[];
  active: boolean;
  onJump: () => void;
}) {
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (active) ref.current?.scrollIntoView({ block: "nearest" });
  }, [active]);
  const act = (what: string, run: () => Promise<void>) => () =>
    void run().catch((error: unknown) =>
      toast.error(error instanceof ApiError ? error.message : `The comment was not ${what}.`),
    );
  return (
    <li
      ref={ref}
      className="thread"
      data-active={active || undefined}
      data-testid="thread"
      aria-label={`Thread on “${thread.quote}”`}
    >
      <button type="button" className="comments__quote comments__quote--link" onClick={onJump}>
        {thread.quote}
      </button>
      {gone && <p className="meta thread__gone">The text this thread was on has been deleted.</p>}
      <ol className="thread__comments">
        {thread.comments.map((comment) => (
          <Comment
            key={comment.id}
            comment={comment}
            mine={comment.author.id === userId}
            mayDelete={comment.author.id === userId || isOwner}
            members={members}
            onEdit={(body, mentions) => store.edit(thread.id, comment.id, body, mentions)}
            onDelete={act("deleted", () => store.delete(thread.id, comment.id))}
          />
        ))}
        {pendingReplies.map((pending) => (
          <li key={pending.id} className="comment comment--pending">
            <p className="comment__body">{pending.body}</p>
            <p className="meta">Waiting to be sent…</p>
          </li>
        ))}
      </ol>
      {thread.resolved && (
        <p className="meta">
          Resolved by {thread.resolved.by.id === userId ? "you" : thread.resolved.by.name}
        </p>
      )}
      {canComment && (
        <div className="thread__actions">
          {!thread.resolved && (
            <MentionInput
              label={`Reply to the thread on “${thread.quote}”`}
              placeholder="Reply…"
              members={members}
              submitLabel="Reply"
              onSubmit={({ body, mentions }) => store.reply(thread.id, body, mentions)}
            />
          )}
          <button
            type="button"
            className="button button--small"
            onClick={act(thread.resolved ? "reopened" : "resolved", () =>
              store.resolve(thread.id, !thread.resolved),
            )}
          >
            {thread.resolved ? "Reopen" : "Resolve"}
          </button>
        </div>
      )}
    </li>
  );
}

function Comment({
  comment,
  mine,
  mayDelete,
  members,
  onEdit,
  onDelete,
}: {
  comment: CommentInfo;
  mine: boolean;
  mayDelete: boolean;
  members: readonly Mentionable[];
  onEdit: (body: string, mentions: string[]) => Promise<void>;
  onDelete: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="comment" data-testid="comment">
      <p className="comment__head">
        <strong>{comment.author.name}</strong>{" "}
        <span className="meta">
          {new Date(comment.createdAt).toLocaleString()}
          {comment.editedAt !== null && " (edited)"}
        </span>
      </p>
      {editing ? (
        <MentionInput
          label="Edit your comment"
          members={members}
          submitLabel="Save"
          initial={comment.body}
          focusOnMount
          onSubmit={async ({ body, mentions }) => {
            try {
              await onEdit(body, mentions);
              setEditing(false);
            } catch (error) {
              toast.error(error instanceof ApiError ? error.message : "The comment was not saved.");
            }
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <p className="comment__body">{comment.body}</p>
      )}
      {!editing && (mine || mayDelete) && (
        <div className="comment__actions">
          {mine && (
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => setEditing(true)}
            >
              Edit
            </button>
          )}
          {confirming ? (
            <>
              <span className="meta">Delete this comment?</span>
              <button
                type="button"
                className="button button--small button--danger"
                onClick={onDelete}
              >
                Delete
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => setConfirming(false)}
              >
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          )}
        </div>
      )}
    </li>
  );
}
