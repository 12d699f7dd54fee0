import type * as Y from "yjs";
import {
  type CommentInfo,
  type EditCommentBody,
  MAX_COMMENTS_PER_FILE,
  MAX_QUOTE_LENGTH,
  type NewThreadBody,
  type ReplyBody,
  type ThreadEvent,
  type ThreadInfo,
} from "../../shared/api/comments.ts";
import { resolveAnchor } from "../../shared/protocol/comment-anchor.ts";
import { canComment, type Role } from "../../shared/roles.ts";
import type { Migration } from "../lib/migrations.ts";
import { conflict, forbidden, notFound, ok, type Outcome, tooLarge } from "../lib/outcome.ts";

export const commentsMigration: Migration = {
  id: "comments-0001-threads",
  sql: `CREATE TABLE comment_threads (
          id TEXT PRIMARY KEY,
          anchor_start TEXT NOT NULL,
          anchor_end TEXT NOT NULL,
          quote TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          resolved_by_id TEXT,
          resolved_by_name TEXT,
          resolved_at INTEGER
        );
        CREATE TABLE comments (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          thread_id TEXT NOT NULL,
          author_id TEXT NOT NULL,
          author_name TEXT NOT NULL,
          body TEXT NOT NULL,
          mentions TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          edited_at INTEGER
        );
        CREATE INDEX comments_by_thread ON comments (thread_id, seq)`,
};

/** Who asks: the Worker checked the session and the role; the store checks what the role allows. */
export interface Commenter {
  id: string;
  name: string;
  role: Role;
}

/** What a change did: the answer for the caller, and the event for everyone on the file. */
interface Changed<T> {
  value: T;
  event: ThreadEvent;
}

/**
 * A file's comment threads (issue 19), in the document's SQLite beside the
 * text, not in the Y.Doc: Yjs has no per-author permissions, and a comment
 * must be refused or accepted as a whole, by its author's role. A thread's
 * anchor is a pair of Yjs relative positions the app encodes; the store
 * checks that they name a non-empty range of the file's text now and keeps
 * the quote of that text itself, so a thread whose words are later deleted
 * still shows what it was about. Tests: worker/test/comments.test.ts and
 * worker/test/comment-anchors.test.ts.
 */
export class CommentStore {
  readonly #sql: SqlStorage;
  readonly #text: () => Y.Text;

  constructor(storage: DurableObjectStorage, text: () => Y.Text) {
    this.#sql = storage.sql;
    this.#text = text;
  }

  /** Every thread, oldest first, with its comments oldest first. */
  list(): ThreadInfo[] {
    const threads = this.#sql
      .exec<ThreadRow>("SELECT * FROM comment_threads ORDER BY created_at, id")
      .toArray();
    const comments = new Map<string, CommentRow[]>();
    for (const row of this.#sql.exec<CommentRow>("SELECT * FROM comments ORDER BY seq")) {
      const list = comments.get(row.thread_id) ?? [];
      list.push(row);
      comments.set(row.thread_id, list);
    }
    return threads.map((row) => threadInfo(row, comments.get(row.id) ?? []));
  }

  /** One thread, or undefined. */
  thread(threadId: string): ThreadInfo | undefined {
    const row = this.#sql
      .exec<ThreadRow>("SELECT * FROM comment_threads WHERE id = ?", threadId)
      .toArray()[0];
    if (!row) return undefined;
    const comments = this.#sql
      .exec<CommentRow>("SELECT * FROM comments WHERE thread_id = ? ORDER BY seq", threadId)
      .toArray();
    return threadInfo(row, comments);
  }

  /**
   * Starts a thread on the anchored text. Sending the same thread again (the
   * app resends what it made offline) answers the stored one and changes
   * nothing.
   */
  startThread(caller: Commenter, body: NewThreadBody): Outcome<Changed<ThreadInfo>> {
    if (!canComment(caller.role)) return forbidden("Viewers cannot comment on this file.");
    const existing = this.thread(body.id);
    if (existing) return this.#resent(existing, body.commentId, caller);
    if (this.#commentExists(body.commentId)) return conflict("That comment id is already taken.");
    const room = this.#room(1);
    if (!room.ok) return room;
    const text = this.#text();
    const range = resolveAnchor(text, body.anchor);
    if (!range) {
      return conflict(
        "The text this comment is on is no longer in the file. Select the text again to comment.",
      );
    }
    const now = Date.now();
    this.#sql.exec(
      "INSERT INTO comment_threads (id, anchor_start, anchor_end, quote, created_at) VALUES (?, ?, ?, ?, ?)",
      body.id,
      body.anchor.start,
      body.anchor.end,
      quoteOf(text.toString().slice(range.from, range.to)),
      now,
    );
    this.#insertComment(body.id, body.commentId, caller, body.body, body.mentions, now);
    return this.#changed(body.id);
  }

  /** Adds a reply to a thread; a resent reply answers the thread as it is. */
  reply(caller: Commenter, threadId: string, body: ReplyBody): Outcome<Changed<ThreadInfo>> {
    if (!canComment(caller.role)) return forbidden("Viewers cannot comment on this file.");
    const thread = this.thread(threadId);
    if (!thread) return notFound("There is no such comment thread.");
    if (this.#commentExists(body.id)) return this.#resent(thread, body.id, caller);
    const room = this.#room(1);
    if (!room.ok) return room;
    this.#insertComment(threadId, body.id, caller, body.body, body.mentions, Date.now());
    return this.#changed(threadId);
  }

  /** New text for one's own comment. */
  edit(
    caller: Commenter,
    threadId: string,
    commentId: string,
    body: EditCommentBody,
  ): Outcome<Changed<ThreadInfo>> {
    if (!canComment(caller.role)) return forbidden("Viewers cannot comment on this file.");
    const found = this.#comment(threadId, commentId);
    if (!found.ok) return found;
    if (found.value.author_id !== caller.id) {
      return forbidden("Only its author can edit a comment.");
    }
    this.#sql.exec(
      "UPDATE comments SET body = ?, mentions = ?, edited_at = ? WHERE id = ?",
      body.body,
      JSON.stringify(body.mentions),
      Date.now(),
      commentId,
    );
    return this.#changed(threadId);
  }

  /**
   * Deletes a comment: its author may, and so may an owner (to take down
   * what should not be there). A thread without comments is gone.
   */
  delete(
    caller: Commenter,
    threadId: string,
    commentId: string,
  ): Outcome<Changed<ThreadInfo | null>> {
    if (!canComment(caller.role)) return forbidden("Viewers cannot comment on this file.");
    const found = this.#comment(threadId, commentId);
    if (!found.ok) return found;
    if (found.value.author_id !== caller.id && caller.role !== "owner") {
      return forbidden("Only its author or an owner can delete a comment.");
    }
    this.#sql.exec("DELETE FROM comments WHERE id = ?", commentId);
    const left = this.#sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM comments WHERE thread_id = ?", threadId)
      .one().n;
    if (left > 0) return this.#changed(threadId);
    this.#sql.exec("DELETE FROM comment_threads WHERE id = ?", threadId);
    return ok({ value: null, event: { type: "thread-removed", threadId } });
  }

  /** Resolves or reopens a thread; anyone who may comment may. */
  resolve(caller: Commenter, threadId: string, resolved: boolean): Outcome<Changed<ThreadInfo>> {
    if (!canComment(caller.role)) return forbidden("Viewers cannot comment on this file.");
    if (!this.thread(threadId)) return notFound("There is no such comment thread.");
    if (resolved) {
      this.#sql.exec(
        `UPDATE comment_threads SET resolved_by_id = ?, resolved_by_name = ?, resolved_at = ?
         WHERE id = ? AND resolved_at IS NULL`,
        caller.id,
        caller.name,
        Date.now(),
        threadId,
      );
    } else {
      this.#sql.exec(
        `UPDATE comment_threads SET resolved_by_id = NULL, resolved_by_name = NULL, resolved_at = NULL
         WHERE id = ?`,
        threadId,
      );
    }
    return this.#changed(threadId);
  }

  #insertComment(
    threadId: string,
    commentId: string,
    caller: Commenter,
    body: string,
    mentions: readonly string[],
    at: number,
  ): void {
    this.#sql.exec(
      `INSERT INTO comments (id, thread_id, author_id, author_name, body, mentions, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      commentId,
      threadId,
      caller.id,
      caller.name,
      body,
      JSON.stringify([...new Set(mentions)]),
      at,
    );
  }

  /** The same comment sent again by its author: the thread as it is, nothing changed, no event. */
  #resent(thread: ThreadInfo, commentId: string, caller: Commenter): Outcome<Changed<ThreadInfo>> {
    const comment = thread.comments.find((each) => each.id === commentId);
    if (!comment || comment.author.id !== caller.id) {
      return conflict("That comment id is already taken.");
    }
    return ok({ value: thread, event: { type: "thread", thread } });
  }

  #comment(threadId: string, commentId: string): Outcome<CommentRow> {
    const row = this.#sql
      .exec<CommentRow>(
        "SELECT * FROM comments WHERE id = ? AND thread_id = ?",
        commentId,
        threadId,
      )
      .toArray()[0];
    return row ? ok(row) : notFound("There is no such comment.");
  }

  #commentExists(commentId: string): boolean {
    return this.#sql.exec("SELECT 1 FROM comments WHERE id = ?", commentId).toArray().length > 0;
  }

  #room(adding: number): Outcome<void> {
    const { n } = this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM comments").one();
    if (n + adding > MAX_COMMENTS_PER_FILE) {
      return tooLarge(
        `This file has ${MAX_COMMENTS_PER_FILE} comments, the most it can keep. Delete resolved threads to add more.`,
      );
    }
    return ok(undefined);
  }

  #changed(threadId: string): Outcome<Changed<ThreadInfo>> {
    const thread = this.thread(threadId)!;
    return ok({ value: thread, event: { type: "thread", thread } });
  }
}

function quoteOf(text: string): string {
  const points = [...text];
  return points.length <= MAX_QUOTE_LENGTH
    ? text
    : `${points.slice(0, MAX_QUOTE_LENGTH - 1).join("")}…`;
}

interface ThreadRow {
  id: string;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  created_at: number;
  resolved_by_id: string | null;
  resolved_by_name: string | null;
  resolved_at: number | null;
  [column: string]: SqlStorageValue;
}

interface CommentRow {
  id: string;
  thread_id: string;
  author_id: string;
  author_name: string;
  body: string;
  mentions: string;
  created_at: number;
  edited_at: number | null;
  [column: string]: SqlStorageValue;
}

function threadInfo(row: ThreadRow, comments: CommentRow[]): ThreadInfo {
  return {
    id: row.id,
    anchor: { start: row.anchor_start, end: row.anchor_end },
    quote: row.quote,
    createdAt: row.created_at,
    resolved:
      row.resolved_at === null
        ? null
        : { by: { id: row.resolved_by_id!, name: row.resolved_by_name! }, at: row.resolved_at },
    comments: comments.map(commentInfo),
  };
}

function commentInfo(row: CommentRow): CommentInfo {
  return {
    id: row.id,
    author: { id: row.author_id, name: row.author_name },
    body: row.body,
    mentions: JSON.parse(row.mentions) as string[],
    createdAt: row.created_at,
    editedAt: row.edited_at,
  };
}
