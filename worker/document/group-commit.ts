import type { Author, DocumentStorage } from "./storage.ts";

/** One received update waiting for the commit that stores it. */
export interface PendingUpdate {
  /** Null for an empty update, which stores nothing but is acknowledged in its turn. */
  update: Uint8Array | null;
  author: Author;
  ws: WebSocket;
}

/**
 * At most one commit per window: an update that finds the last commit older
 * than this is written at once (a person typing is stored as before); one
 * that comes sooner waits, with every other that comes, until the window
 * ends. Chosen with the bench's burst (issue 14.2): a zero-delay timer runs
 * between two messages and stored one update per commit (12 s for 1,500
 * updates on a loaded machine), a 5 ms window stored them in four commits
 * (2.6 s).
 */
export const COMMIT_WINDOW_MS = 5;

/** A batch is written at once when it reaches either size, without waiting for its turn. */
const MAX_BATCH_UPDATES = 500;
const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Group commit (issue 14.2): the updates that arrive while the document is
 * busy are stored together, in one SQLite transaction, and each is
 * acknowledged only after the commit that holds it.
 *
 * Why not write each update in its own message handler, as the room once
 * did: workerd commits the writes made between two awaits as one implicit
 * transaction on the next turn of its event loop (actor-sqlite.c++,
 * `startImplicitTxnImpl`: "accumulating all of the writes between
 * JavaScript awaits in one transaction" by `co_await kj::yield()`), and it
 * hands a socket's next message to the object only after the previous
 * message's handler returned (legacy-hibernation-manager.c++, `readLoop`:
 * `co_await workerInterface->customEvent(...)` before the next
 * `ws.receive()`). So every update got a commit of its own: a burst of 1,500
 * one-keystroke updates from one socket took 7 s to reach a peer, and 0.9 s
 * with the writes left out (bench `burst`, numbers in the README).
 *
 * So the handler applies and relays an update and leaves it here. An update
 * after a quiet spell is written at once, in its own handler; the ones that
 * follow within `COMMIT_WINDOW_MS` are written together when the window ends,
 * from a timer. The acknowledgements are sent
 * right after the batch's writes, and the output gate holds them until those
 * writes are durable (actor-sqlite.c++ `onWrite` locks the gate on the
 * pending commit; web-socket.c++ `send` waits for it with
 * `waitForOutputLocksIfNecessary`): a client never hears `saved` for an
 * update a crash could lose (`npm run faults`, burstkill).
 *
 * The timer is not the only way out: the room flushes before anything that
 * reads storage or rebuilds the document (`flush`), a batch that grows past
 * its limits is written at once, and the promise that ends with the flush is
 * given to `waitUntil`, so the object does not hibernate with a batch in
 * memory (its updates would be in neither storage nor the document).
 */
export class GroupCommit {
  readonly #storage: DocumentStorage;
  readonly #committed: (batch: readonly PendingUpdate[]) => void;
  readonly #failed: (batch: readonly PendingUpdate[]) => void;
  readonly #keepAlive: (until: Promise<void>) => void;
  #batch: PendingUpdate[] = [];
  /** The sockets with something in the batch. */
  #senders = new WeakSet<WebSocket>();
  #bytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushed: (() => void) | undefined;
  /** When the last batch was written (workerd's clock moves on with each message). */
  #lastFlushAt = 0;

  constructor(parts: {
    storage: DocumentStorage;
    /** After the batch's writes: acknowledge (the output gate holds it until durable). */
    committed: (batch: readonly PendingUpdate[]) => void;
    /** The batch's transaction threw and was rolled back: nothing of it is stored. */
    failed: (batch: readonly PendingUpdate[]) => void;
    keepAlive: (until: Promise<void>) => void;
  }) {
    this.#storage = parts.storage;
    this.#committed = parts.committed;
    this.#failed = parts.failed;
    this.#keepAlive = parts.keepAlive;
  }

  /** Bytes received and not yet written (they count against the quota already). */
  get pendingBytes(): number {
    return this.#bytes;
  }

  /** Whether anything waits for a commit (an empty update's acknowledgement waits its turn). */
  get pending(): boolean {
    return this.#batch.length > 0;
  }

  /** Whether `ws` has an update (or an acknowledgement) waiting for the next commit. */
  holds(ws: WebSocket): boolean {
    return this.#senders.has(ws);
  }

  /** Leaves an update for the next commit. */
  add(item: PendingUpdate): void {
    this.#batch.push(item);
    this.#senders.add(item.ws);
    this.#bytes += item.update?.byteLength ?? 0;
    if (this.#batch.length >= MAX_BATCH_UPDATES || this.#bytes >= MAX_BATCH_BYTES) {
      return this.flush();
    }
    if (this.#timer !== undefined) return;
    const wait = this.#lastFlushAt + COMMIT_WINDOW_MS - Date.now();
    if (wait <= 0) return this.flush();
    this.#timer = setTimeout(() => this.flush(), wait);
    this.#keepAlive(new Promise<void>((resolve) => (this.#flushed = resolve)));
  }

  /** Writes the batch now, in one transaction, then hands it on (see the class comment). */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#batch;
    this.#batch = [];
    this.#senders = new WeakSet();
    this.#bytes = 0;
    this.#lastFlushAt = Date.now();
    try {
      if (batch.length > 0) this.#write(batch);
    } finally {
      this.#flushed?.();
      this.#flushed = undefined;
    }
  }

  /** Forgets the batch (the document was purged: its sockets are closed). */
  drop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#batch = [];
    this.#senders = new WeakSet();
    this.#bytes = 0;
    this.#flushed?.();
    this.#flushed = undefined;
  }

  #write(batch: PendingUpdate[]): void {
    const storage = this.#storage;
    try {
      storage.transaction(() => {
        for (const { update, author } of batch) if (update) storage.append(update, author);
      });
    } catch {
      return this.#failed(batch);
    }
    this.#committed(batch);
  }
}
