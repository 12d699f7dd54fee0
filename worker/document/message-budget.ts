/** How much a socket may send: a burst, refilled at a steady rate. */
export interface BudgetLimits {
  burstMessages: number;
  messagesPerSecond: number;
  burstBytes: number;
  bytesPerSecond: number;
}

/**
 * Token buckets per socket, one counting messages and one counting bytes:
 * past either the socket is flooding and gets closed with 4429.
 *
 * Kept in memory, not in the socket's attachment: writing the attachment on
 * every message would cost more than the messages. Hibernation forgets the
 * buckets, which loses nothing, since an object only hibernates after its
 * sockets were quiet for seconds, long enough for every bucket to be full
 * again anyway.
 */
export class MessageBudget {
  readonly #buckets = new WeakMap<WebSocket, { messages: number; bytes: number; at: number }>();

  constructor(readonly limits: BudgetLimits) {}

  /** Spends one message of `bytes` from `socket`'s budget; false when it has not enough left. */
  take(socket: WebSocket, bytes: number, now = Date.now()): boolean {
    const { burstMessages, messagesPerSecond, burstBytes, bytesPerSecond } = this.limits;
    const bucket = this.#buckets.get(socket) ?? {
      messages: burstMessages,
      bytes: burstBytes,
      at: now,
    };
    const seconds = Math.max(0, now - bucket.at) / 1000;
    bucket.messages = Math.min(burstMessages, bucket.messages + seconds * messagesPerSecond);
    bucket.bytes = Math.min(burstBytes, bucket.bytes + seconds * bytesPerSecond);
    bucket.at = now;
    this.#buckets.set(socket, bucket);
    if (bucket.messages < 1 || bucket.bytes < bytes) return false;
    bucket.messages -= 1;
    bucket.bytes -= bytes;
    return true;
  }
}
