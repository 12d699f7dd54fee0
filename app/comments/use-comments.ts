import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import type * as Y from "yjs";
import { resolveAnchor } from "../../shared/protocol/comment-anchor.ts";
import { api, type FileParams } from "../lib/api.ts";
import type { DocumentSession } from "../sync/document-session.ts";
import type { MarkedRange } from "./comment-marks.ts";
import { CommentThreads, type ThreadsSnapshot } from "./comment-threads.ts";
import type { Mentionable } from "./mention-input.tsx";

const EMPTY: ThreadsSnapshot = { threads: [], pending: [], loaded: false };

/**
 * A file's comments for its pane (issue 19): the thread store of this
 * document session, loaded each time the socket syncs (so a reconnect
 * catches up and sends the outbox), where each thread's anchor is in the
 * text now (followed as the text changes, once per frame).
 */
export function useComments(session: DocumentSession | null, file: FileParams, synced: boolean) {
  const store = useMemo(
    () => (session ? new CommentThreads(file, session.frames) : null),
    [session, file],
  );
  useEffect(() => {
    if (!store) return;
    store.onRefused((message) => toast.error(message));
    return () => store.destroy();
  }, [store]);
  useEffect(() => {
    if (store && synced) void store.load();
  }, [store, synced]);
  useEffect(() => {
    if (!store) return;
    const retry = () => void store.flush();
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, [store]);
  const snapshot = useSyncExternalStore(
    (listener) => store?.subscribe(listener) ?? (() => {}),
    () => store?.getSnapshot() ?? EMPTY,
  );
  const ranges = useAnchoredRanges(session?.text ?? null, snapshot);
  return { store, snapshot, ranges };
}

/** Where each thread's text is now; a thread missing from the map has lost its text. */
function useAnchoredRanges(text: Y.Text | null, snapshot: ThreadsSnapshot) {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!text) return;
    let frame = 0;
    const changed = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((n) => n + 1);
      });
    };
    text.observe(changed);
    return () => {
      text.unobserve(changed);
      cancelAnimationFrame(frame);
    };
  }, [text]);
  return useMemo(() => {
    const ranges = new Map<string, MarkedRange>();
    if (!text) return ranges;
    for (const thread of snapshot.threads) {
      const range = resolveAnchor(text, thread.anchor);
      if (range) ranges.set(thread.id, { id: thread.id, ...range });
    }
    return ranges;
    // `version` moves on with every change of the text, which the anchors resolve in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, snapshot.threads, version]);
}

/** The workspace's members to mention, read again each time the panel opens (people join). */
export function useMembers(workspaceId: string, wanted: boolean): Mentionable[] {
  const [members, setMembers] = useState<Mentionable[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    api.members({ params: { ws: workspaceId } }).then(
      ({ members }) => {
        if (current) setMembers(members.map(({ userId, name }) => ({ userId, name })));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [workspaceId, wanted]);
  return members;
}
