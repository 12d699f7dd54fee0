import type { ThreadEvent, ThreadInfo } from "../../shared/api/comments.ts";
import { randomBase64Url } from "../../shared/ids.ts";
import { api, ApiError, type FileParams } from "../lib/api.ts";
import type { ServerFrames } from "../sync/server-frames.ts";

/** A thread or reply made here that the server has not stored yet (offline, or in flight). */
export type PendingComment =
  | {
      kind: "thread";
      id: string;
      commentId: string;
      anchor: { start: string; end: string };
      quote: string;
      body: string;
      mentions: string[];
      at: number;
    }
  | { kind: "reply"; threadId: string; id: string; body: string; mentions: string[]; at: number };

/** What the comments panel shows. */
export interface ThreadsSnapshot {
  threads: readonly ThreadInfo[];
  pending: readonly PendingComment[];
  /** Loaded from the server at least once. */
  loaded: boolean;
}

/**
 * A file's comment threads in this tab (issue 19): loaded over HTTP, kept
 * current by the document socket's thread events (tag 104), and with an
 * outbox: a thread or reply made offline waits in this browser's storage and
 * is sent when the tab is back online. Ids are made here, so one sent twice
 * (the answer was lost) is stored once. A refusal (4xx) leaves the outbox
 * and is reported with the server's words; a network failure keeps it.
 */
export class CommentThreads {
  readonly #file: FileParams;
  readonly #storageKey: string;
  readonly #listeners = new Set<() => void>();
  readonly #stopFrames: () => void;
  #threads = new Map<string, ThreadInfo>();
  #pending: PendingComment[];
  #loaded = false;
  #snapshot: ThreadsSnapshot;
  #flushing = false;
  #refused: (message: string) => void = () => {};

  constructor(file: FileParams, frames: ServerFrames) {
    this.#file = file;
    this.#storageKey = `quire.comment-outbox.${file.file}`;
    this.#pending = readOutbox(this.#storageKey);
    this.#snapshot = this.#makeSnapshot();
    this.#stopFrames = frames.on("comments", ({ event }) => this.#apply(event));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): ThreadsSnapshot => this.#snapshot;

  /** Where refusals of queued comments are told (a toast). */
  onRefused(report: (message: string) => void): void {
    this.#refused = report;
  }

  /** Reads every thread again (on connect, after a reconnect), then sends what waits. */
  async load(): Promise<void> {
    try {
      const { threads } = await api.threads({ params: this.#file });
      this.#threads = new Map(threads.map((thread) => [thread.id, thread]));
      this.#loaded = true;
      this.#changed();
    } catch {
      // Offline or refused: what is shown stays; the next connect loads again.
    }
    await this.flush();
  }

  /** Starts a thread; it shows at once as pending and is sent when possible. */
  startThread(
    comment: Omit<Extract<PendingComment, { kind: "thread" }>, "kind" | "id" | "commentId" | "at">,
  ): string {
    const id = randomBase64Url(16);
    this.#enqueue({
      kind: "thread",
      id,
      commentId: randomBase64Url(16),
      at: Date.now(),
      ...comment,
    });
    return id;
  }

  /** Replies in a thread; shown at once as pending. */
  reply(threadId: string, body: string, mentions: string[]): void {
    this.#enqueue({
      kind: "reply",
      threadId,
      id: randomBase64Url(16),
      body,
      mentions,
      at: Date.now(),
    });
  }

  /** Resolves or reopens; online only (the answer says whether it happened). */
  async resolve(threadId: string, resolved: boolean): Promise<void> {
    this.#upsert(
      await api.resolveThread({ params: { ...this.#file, thread: threadId }, body: { resolved } }),
    );
  }

  async edit(threadId: string, commentId: string, body: string, mentions: string[]): Promise<void> {
    const params = { ...this.#file, thread: threadId, comment: commentId };
    this.#upsert(await api.editComment({ params, body: { body, mentions } }));
  }

  async delete(threadId: string, commentId: string): Promise<void> {
    await api.deleteComment({ params: { ...this.#file, thread: threadId, comment: commentId } });
    const thread = this.#threads.get(threadId);
    if (!thread) return;
    const comments = thread.comments.filter((comment) => comment.id !== commentId);
    if (comments.length === 0) this.#threads.delete(threadId);
    else this.#threads.set(threadId, { ...thread, comments });
    this.#changed();
  }

  /** Sends the outbox, oldest first; stops at the first network failure. */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      while (this.#pending.length > 0) {
        const next = this.#pending[0]!;
        try {
          this.#upsert(await this.#send(next));
        } catch (error) {
          if (error instanceof ApiError && error.status === 0) return;
          const message = error instanceof ApiError ? error.message : String(error);
          this.#refused(`Your comment “${short(next.body)}” was not posted: ${message}`);
        }
        this.#pending = this.#pending.filter((pending) => pending !== next);
        writeOutbox(this.#storageKey, this.#pending);
        this.#changed();
      }
    } finally {
      this.#flushing = false;
    }
  }

  destroy(): void {
    this.#stopFrames();
    this.#listeners.clear();
  }

  #send(pending: PendingComment): Promise<ThreadInfo> {
    if (pending.kind === "thread") {
      const { id, commentId, anchor, body, mentions } = pending;
      return api.startThread({
        params: this.#file,
        body: { id, commentId, anchor, body, mentions },
      });
    }
    const { threadId, id, body, mentions } = pending;
    return api.reply({ params: { ...this.#file, thread: threadId }, body: { id, body, mentions } });
  }

  #enqueue(pending: PendingComment): void {
    this.#pending = [...this.#pending, pending];
    writeOutbox(this.#storageKey, this.#pending);
    this.#changed();
    void this.flush();
  }

  #apply(event: ThreadEvent): void {
    if (event.type === "thread") return this.#upsert(event.thread);
    this.#threads.delete(event.threadId);
    this.#changed();
  }

  #upsert(thread: ThreadInfo): void {
    this.#threads.set(thread.id, thread);
    this.#changed();
  }

  #changed(): void {
    this.#snapshot = this.#makeSnapshot();
    for (const listener of this.#listeners) listener();
  }

  #makeSnapshot(): ThreadsSnapshot {
    const threads = [...this.#threads.values()].sort((a, b) => a.createdAt - b.createdAt);
    return { threads, pending: this.#pending, loaded: this.#loaded };
  }
}

function short(body: string): string {
  return body.length > 40 ? `${body.slice(0, 39)}…` : body;
}

function readOutbox(key: string): PendingComment[] {
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? "[]") as unknown;
    return Array.isArray(stored) ? (stored as PendingComment[]) : [];
  } catch {
    return [];
  }
}

function writeOutbox(key: string, pending: readonly PendingComment[]): void {
  try {
    if (pending.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(pending));
  } catch {
    // Storage full or off: the outbox lives as long as the tab.
  }
}
