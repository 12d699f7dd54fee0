import * as v from "valibot";
import { isId } from "../ids.ts";

/**
 * Comments on a file's text (issue 19): threads anchored to a range with Yjs
 * relative positions, so a thread stays on its words through everyone's
 * edits. The app encodes the anchor (`Y.encodeRelativePosition`, base64);
 * the document checks it against its own text and keeps the quote itself.
 * Comments live beside the text in the document's SQLite, not in the Y.Doc:
 * a version restore changes the text but never the comments.
 */

/** Longest comment, in characters (issue 19). */
export const MAX_COMMENT_LENGTH = 10_000;

/** Most comments one file keeps, threads and replies together. */
export const MAX_COMMENTS_PER_FILE = 2_000;

/** Most people one comment may mention. */
export const MAX_MENTIONS = 20;

/** Longest quote a thread keeps of its anchored text; the rest is cut with "…". */
export const MAX_QUOTE_LENGTH = 280;

/** An encoded `Y.RelativePosition`, base64: a handful of bytes, a few hundred at most. */
const RelativePosition = v.pipe(
  v.string("must be a string"),
  v.regex(/^[A-Za-z0-9+/]{1,512}={0,2}$/, "must be an encoded relative position (base64)"),
);

/** Where a thread sits in the text: from `start` to `end`, both relative positions. */
export const CommentAnchor = v.strictObject({ start: RelativePosition, end: RelativePosition });
export type CommentAnchor = v.InferOutput<typeof CommentAnchor>;

/** Ids of comments and threads are chosen by the app, so a comment made offline is sent once. */
const ClientId = v.pipe(
  v.string("must be a string"),
  v.check(isId, "must be an id (22 base64url characters)"),
);

/** Controls are refused but for newline and tab, which a comment may well contain. */
const COMMENT_CONTROLS = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** A comment's text: not empty once trimmed, at most `MAX_COMMENT_LENGTH` characters. */
export const CommentText = v.pipe(
  v.string("must be a string"),
  v.transform((body) => body.normalize("NFC").trim()),
  v.check(
    (body) => !COMMENT_CONTROLS.test(body.replace(/[\n\t]/g, "")),
    "must not contain control characters",
  ),
  v.minLength(1, "must not be empty"),
  v.maxLength(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`),
);

/** The ids of the members a comment mentions (the app sends them with the text). */
const Mentions = v.optional(
  v.pipe(
    v.array(ClientId),
    v.maxLength(MAX_MENTIONS, `may mention at most ${MAX_MENTIONS} people`),
  ),
  [],
);

/** `POST .../files/:f/threads`: a new thread on the text between the anchor's ends. */
export const NewThreadBody = v.strictObject({
  id: ClientId,
  commentId: ClientId,
  anchor: CommentAnchor,
  body: CommentText,
  mentions: Mentions,
});
export type NewThreadBody = v.InferOutput<typeof NewThreadBody>;

/** `POST .../threads/:thread/comments`: a reply. */
export const ReplyBody = v.strictObject({ id: ClientId, body: CommentText, mentions: Mentions });
export type ReplyBody = v.InferOutput<typeof ReplyBody>;

/** `PATCH .../threads/:thread/comments/:comment`: new text for one's own comment. */
export const EditCommentBody = v.strictObject({ body: CommentText, mentions: Mentions });
export type EditCommentBody = v.InferOutput<typeof EditCommentBody>;

/** `PATCH .../threads/:thread`: resolve or reopen. */
export const ResolveBody = v.strictObject({ resolved: v.boolean("must be true or false") });
export type ResolveBody = v.InferOutput<typeof ResolveBody>;

const Person = v.object({ id: v.string(), name: v.string() });

/** One comment of a thread. */
export const CommentInfo = v.object({
  id: v.string(),
  author: Person,
  body: v.string(),
  mentions: v.array(v.string()),
  createdAt: v.number(),
  editedAt: v.nullable(v.number()),
});
export type CommentInfo = v.InferOutput<typeof CommentInfo>;

/** A thread: its anchor, the text it was made on, its comments oldest first. */
export const ThreadInfo = v.object({
  id: v.string(),
  anchor: v.object({ start: v.string(), end: v.string() }),
  /** The anchored text when the thread was made, shown when that text is gone. */
  quote: v.string(),
  createdAt: v.number(),
  resolved: v.nullable(v.object({ by: Person, at: v.number() })),
  comments: v.array(CommentInfo),
});
export type ThreadInfo = v.InferOutput<typeof ThreadInfo>;

/** `GET .../files/:f/threads`: every thread, oldest first. */
export const ThreadList = v.object({ threads: v.array(ThreadInfo) });
export type ThreadList = v.InferOutput<typeof ThreadList>;

/**
 * Told to every socket on the document when a thread changes (socket tag
 * 104): the thread as it is now, or that it is gone (its last comment was
 * deleted).
 */
export const ThreadEvent = v.union([
  v.object({ type: v.literal("thread"), thread: ThreadInfo }),
  v.object({ type: v.literal("thread-removed"), threadId: v.string() }),
]);
export type ThreadEvent = v.InferOutput<typeof ThreadEvent>;
