import type { EditorView } from "@codemirror/view";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { anchorFor, resolveAnchor } from "../../shared/protocol/comment-anchor.ts";
import { canComment, type Role } from "../../shared/roles.ts";
import type { FileParams } from "../lib/api.ts";
import { useShortcut } from "../lib/shortcuts.ts";
import type { DocumentSession } from "../sync/document-session.ts";
import { type CommentActions, commentMarks, setCommentMarks } from "./comment-marks.ts";
import type { CommentDraftRange } from "./comments-panel.tsx";
import { useComments, useMembers } from "./use-comments.ts";

/**
 * The pane's comments (issue 19): the panel's state, the editor's part
 * (highlights, the selection's Comment button), Ctrl+Alt+M, jumping from a
 * thread to its text, and a link's `?thread=` (from a mention in the inbox)
 * opening the panel at that thread.
 */
export function useFileComments({
  session,
  params,
  synced,
  role,
}: {
  session: DocumentSession | null;
  params: FileParams;
  synced: boolean;
  role: Role;
}) {
  const { store, snapshot, ranges } = useComments(session, params, synced);
  const [open, setOpen] = useState(() => threadInAddress() !== null);
  const members = useMembers(params.ws, open);
  const [draft, setDraft] = useState<CommentDraftRange | null>(null);
  const [active, setActive] = useState<string | undefined>(() => threadInAddress() ?? undefined);
  const mayComment = canComment(role);

  const [view, setView] = useState<EditorView | null>(null);
  const startDraft = useCallback(
    (from: number, to: number) => {
      if (!session || from >= to) return;
      setDraft({ from, to, quote: session.text.toString().slice(from, to) });
      setOpen(true);
      // The selection's Comment button goes; the draft shows the quote instead.
      view?.dispatch({ selection: { anchor: to } });
    },
    [session, view],
  );
  const actions = useRef<CommentActions>({
    canComment: mayComment,
    onComment: startDraft,
    onOpenThread: () => {},
  });
  useEffect(() => {
    actions.current = {
      canComment: mayComment,
      onComment: startDraft,
      onOpenThread: (id) => {
        setOpen(true);
        setActive(id);
      },
    };
  });
  // The editor's part reads `actions` only when the person acts, never while rendering.
  // oxlint-disable-next-line react/refs
  const editorExtensions = useMemo(() => commentMarks(actions), []);

  const commentOnSelection = useCallback(() => {
    const selection = view?.state.selection.main;
    if (!selection || selection.empty) {
      toast("Select the text to comment on first.", { id: "comment" });
      return;
    }
    startDraft(selection.from, selection.to);
  }, [view, startDraft]);
  useShortcut("comment", commentOnSelection, mayComment);

  // The open threads' text is highlighted; the active one more.
  useEffect(() => {
    if (!view) return;
    const openIds = new Set(snapshot.threads.filter((t) => !t.resolved).map((t) => t.id));
    const shown = [...ranges.values()].filter((range) => openIds.has(range.id));
    view.dispatch({ effects: setCommentMarks.of({ ranges: shown, active }) });
  }, [view, ranges, snapshot.threads, active]);

  const jump = useCallback(
    (threadId: string) => {
      setActive(threadId);
      const thread = snapshot.threads.find((each) => each.id === threadId);
      const range = thread && session ? resolveAnchor(session.text, thread.anchor) : undefined;
      if (!view || !range) return;
      view.dispatch({
        selection: { anchor: range.from, head: range.to },
        scrollIntoView: true,
      });
    },
    [view, snapshot.threads, session],
  );

  // A mention's link names its thread: go to it once it is loaded, then drop it from the address.
  useEffect(() => {
    const wanted = threadInAddress();
    if (!wanted || !snapshot.loaded || !view) return;
    // The address is outside React: following it once it can be followed is this effect's job.
    // oxlint-disable-next-line react/set-state-in-effect
    if (snapshot.threads.some((thread) => thread.id === wanted)) jump(wanted);
    const url = new URL(window.location.href);
    url.searchParams.delete("thread");
    window.history.replaceState(window.history.state, "", url);
  }, [snapshot.loaded, snapshot.threads, view, jump]);

  const startThread = useCallback(
    (range: CommentDraftRange, body: string, mentions: string[]) => {
      if (!store || !session) return;
      const anchor = anchorFor(session.text, range.from, range.to);
      const id = store.startThread({ anchor, quote: range.quote, body, mentions });
      setDraft(null);
      setActive(id);
    },
    [store, session],
  );

  const live = useMemo(() => new Set(ranges.keys()), [ranges]);
  const openCount = snapshot.threads.filter((thread) => !thread.resolved).length;
  return {
    store,
    snapshot,
    live,
    members,
    open,
    setOpen,
    draft,
    setDraft,
    active,
    jump,
    startThread,
    commentOnSelection,
    editorExtensions,
    setView,
    openCount,
  };
}

function threadInAddress(): string | null {
  return new URLSearchParams(window.location.search).get("thread");
}
