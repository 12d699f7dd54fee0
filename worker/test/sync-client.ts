import { env, exports } from "cloudflare:workers";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MessageTag } from "../../shared/protocol/messages.ts";
import type { Role } from "../../shared/roles.ts";
import { withGrant } from "../lib/grant.ts";

/** The session and workspace a socket opened straight to a document is granted (the Worker's job otherwise). */
const TEST_SESSION_HASH = "0".repeat(64);
const TEST_WORKSPACE_ID = "A".repeat(22);

/** How a test socket ended, as the runtime reported it. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/**
 * A y-websocket client for tests: a real WebSocket to the Worker (through its
 * default export, so routing and validation run too) speaking y-protocols
 * with its own Y.Doc and Awareness, like a browser tab would.
 */
export class SyncClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly text = this.doc.getText("codemirror");
  closed: CloseInfo | undefined;
  synced = false;
  /** Every binary frame received, in order, for assertions on Quire's own messages. */
  readonly received: Uint8Array[] = [];
  /** How many frames of each message tag arrived (cheap to poll, unlike `received`). */
  readonly receivedByTag = new Map<number, number>();
  #listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    clearInterval(this.awareness._checkInterval);
    // Newer compatibility dates deliver binary frames as Blobs unless told otherwise.
    socket.binaryType = "arraybuffer";
    socket.addEventListener("message", (event) => this.#onMessage(event.data));
    socket.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      this.#notify();
    });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageTag.sync);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
  }

  /**
   * Opens a socket straight to a document's object, with the grant the
   * Worker would send after checking the session and role.
   */
  static async connect(
    documentId: string,
    identity: { userId?: string; role?: string; acks?: boolean; fileId?: string } = {},
  ): Promise<SyncClient> {
    const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(documentId));
    const request = new Request(`http://quire.test/sync${identity.acks ? "?acks=1" : ""}`, {
      headers: { Upgrade: "websocket" },
    });
    const userId = identity.userId ?? "test-user";
    const grant = {
      user: { id: userId, name: userId, color: "#0090ff" },
      sessionHash: TEST_SESSION_HASH,
      // With a file id the document reports the socket to its person's user
      // object, as it does every socket the Worker opens (presence, caps).
      access: {
        workspaceId: TEST_WORKSPACE_ID,
        role: (identity.role ?? "editor") as Role,
        ...(identity.fileId ? { fileId: identity.fileId } : {}),
      },
    };
    const response = await stub.fetch(withGrant(request, grant));
    return SyncClient.fromResponse(response);
  }

  /** Opens a socket through the Worker at `path`, as a browser with `cookie` would. */
  static async connectThroughWorker(path: string, cookie: string): Promise<SyncClient> {
    const response = await exports.default.fetch(`http://quire.test${path}`, {
      headers: { Upgrade: "websocket", Cookie: cookie },
    });
    return SyncClient.fromResponse(response);
  }

  /** Takes the socket of an upgrade's response and sends sync step 1, as a tab does. */
  static async fromResponse(response: Response): Promise<SyncClient> {
    if (!response.webSocket) {
      throw new Error(
        `expected a WebSocket, got HTTP ${response.status}: ${await response.text()}`,
      );
    }
    response.webSocket.accept();
    const client = new SyncClient(response.webSocket);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.sync);
    syncProtocol.writeSyncStep1(encoder, client.doc);
    client.send(encoding.toUint8Array(encoder));
    return client;
  }

  /** Sends raw bytes or text, exactly as given. */
  send(data: Uint8Array | string): void {
    this.socket.send(data);
  }

  /** Publishes this client's awareness state (a cursor owner's name, say). */
  setAwareness(state: Record<string, unknown>): void {
    this.awareness.setLocalState(state);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]),
    );
    this.send(encoding.toUint8Array(encoder));
  }

  /** Names of the other clients whose awareness this client has received (the server stamps `user.name`). */
  peerNames(): string[] {
    return [...this.awareness.getStates()]
      .filter(([clientId]) => clientId !== this.doc.clientID)
      .map(([, state]) => String(state.user?.name));
  }

  /** Resolves when `predicate` holds, checked after every message; rejects after `timeoutMs`. */
  async until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.#listeners.delete(check);
        resolve();
      };
      this.#listeners.add(check);
    });
  }

  untilSynced(): Promise<void> {
    return this.until(() => this.synced, "the first sync");
  }

  untilText(expected: string): Promise<void> {
    return this.until(() => this.text.toString() === expected, `text "${expected}"`);
  }

  untilClosed(): Promise<CloseInfo> {
    return this.until(() => this.closed !== undefined, "the socket to close").then(
      () => this.closed!,
    );
  }

  close(): void {
    this.socket.close(1000, "test done");
  }

  #onMessage(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) throw new Error(`server sent a non-binary frame: ${data}`);
    const bytes = new Uint8Array(data);
    this.received.push(bytes);
    this.receivedByTag.set(bytes[0]!, (this.receivedByTag.get(bytes[0]!) ?? 0) + 1);
    const decoder = decoding.createDecoder(new Uint8Array(data));
    const tag = decoding.readVarUint(decoder);
    if (tag === MessageTag.sync) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageTag.sync);
      const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (step === syncProtocol.messageYjsSyncStep2) this.synced = true;
      if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
    } else if (tag === MessageTag.awareness) {
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        decoding.readVarUint8Array(decoder),
        this,
      );
    }
    this.#notify();
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

/** A fresh well-formed document id (22 base64url characters). */
export function testDocumentId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 22);
}
