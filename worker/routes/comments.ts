import { contract } from "../../shared/api/contract.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { HttpError } from "../lib/http.ts";
import { objectFor } from "../lib/placement.ts";
import { unwrap } from "../lib/outcome.ts";
import { type Route, type RouteContext, route } from "../router.ts";
import { enterFile, idParam } from "./access.ts";

/**
 * A file's comment threads (issue 19). The Worker checks the session and
 * that the file is an active file of the workspace; the document checks the
 * role (viewers read, everyone else writes) and the anchor; mentions are
 * checked against the workspace's members here, before anything is stored,
 * and each mentioned person gets a notice in their inbox after.
 */
export const commentRoutes: Route[] = [
  route(contract.threads, async (route) => {
    const { document } = await enterFile(route);
    return { threads: await document.threads() };
  }),
  route(contract.startThread, async (route) => {
    const { document, caller } = await enterFile(route);
    const body = await route.body();
    await checkMentions(route, body.mentions, caller.id);
    const thread = unwrap(await document.startThread(caller, body));
    await notifyMentioned(route, caller, body.mentions, body.body, thread.id);
    return thread;
  }),
  route(contract.reply, async (route) => {
    const threadId = idParam(route, "thread");
    const { document, caller } = await enterFile(route);
    const body = await route.body();
    await checkMentions(route, body.mentions, caller.id);
    const thread = unwrap(await document.replyInThread(caller, threadId, body));
    await notifyMentioned(route, caller, body.mentions, body.body, thread.id);
    // Everyone who wrote in the thread hears of the reply (those mentioned already did).
    const earlier = thread.comments.filter((comment) => comment.id !== body.id);
    const writers = [...new Set(earlier.map((comment) => comment.author.id))].filter(
      (id) => !body.mentions.includes(id),
    );
    await notify(route, caller, writers, "replied in", body.body, thread.id);
    return thread;
  }),
  route(contract.editComment, async (route) => {
    const threadId = idParam(route, "thread");
    const commentId = idParam(route, "comment");
    const { document, caller } = await enterFile(route);
    const body = await route.body();
    await checkMentions(route, body.mentions, caller.id);
    return unwrap(await document.editComment(caller, threadId, commentId, body));
  }),
  route(contract.deleteComment, async (route) => {
    const threadId = idParam(route, "thread");
    const commentId = idParam(route, "comment");
    const { document, caller } = await enterFile(route);
    unwrap(await document.deleteComment(caller, threadId, commentId));
  }),
  route(contract.resolveThread, async (route) => {
    const threadId = idParam(route, "thread");
    const { document, caller } = await enterFile(route);
    const { resolved } = await route.body();
    return unwrap(await document.resolveThread(caller, threadId, resolved));
  }),
];

/** Refuses a mention of anyone who is not a member of the workspace (nothing is stored). */
async function checkMentions(route: RouteContext, mentions: readonly string[], callerId: string) {
  if (mentions.length === 0) return;
  const members = new Set(await objectFor(route.env.WORKSPACES, idParam(route, "ws")).memberIds());
  const strangers = mentions.filter((id) => !members.has(id) && id !== callerId);
  if (strangers.length > 0) {
    throw new HttpError(
      400,
      ErrorCode.badRequest,
      "You can only mention members of this workspace; someone mentioned is not one.",
    );
  }
}

/** Puts a notice in each mentioned person's inbox (not the author's own), linking to the thread. */
async function notifyMentioned(
  route: RouteContext,
  caller: { id: string; name: string },
  mentions: readonly string[],
  body: string,
  threadId: string,
) {
  await notify(route, caller, mentions, "mentioned you in", body, threadId);
}

/**
 * Puts "<caller> <what> <file>: “<body>”" in each person's inbox (never the
 * caller's own), with a link to the file at the thread.
 */
async function notify(
  route: RouteContext,
  caller: { id: string; name: string },
  people: readonly string[],
  what: string,
  body: string,
  threadId: string,
) {
  const others = [...new Set(people)].filter((id) => id !== caller.id);
  if (others.length === 0) return;
  const workspaceId = idParam(route, "ws");
  const projectId = idParam(route, "project");
  const fileId = idParam(route, "file");
  const file = unwrap(await objectFor(route.env.PROJECTS, projectId).file(fileId));
  const snippet = [...body].length > 80 ? `${[...body].slice(0, 79).join("")}…` : body;
  const text = `${caller.name} ${what} ${file.path}: “${snippet}”`;
  const link = `/w/${workspaceId}/p/${projectId}/f/${fileId}?thread=${threadId}`;
  await Promise.all(
    others.map((id) => objectFor(route.env.USERS, id).notify({ text, workspaceId, link })),
  );
}
