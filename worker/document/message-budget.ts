/** How much a socket may send: a burst, refilled at a steady rate. */
export interface BudgetLimits {
  burstMessages: number;
  messagesPerSecond: number;
  burstBytes: number;
  bytesPerSecond: number;
}

/**
 * Token buckets per socket, one counting messages and one counting bytes:
 * past either the socket is flooding and gets closed with 4429. The bytes of
 * what the server answers a request with are charged too (`charge`, issue
 * 15.2), so a small request for a big answer spends as much as sending it.
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
    const bucket = this.#refilled(socket, now);
    if (bucket.messages < 1 || bucket.bytes < bytes) return false;
    bucket.messages -= 1;
    bucket.bytes -= bytes;
    return true;
  }

  /**
   * Charges the `bytes` of an answer to `socket`. The answer is sent even
   * when the bucket has less (the first sync of a document near its quota
   * must get through), and the debt makes the socket's next messages wait:
   * one that arrives before it is paid back closes the socket (4429).
   */
  charge(socket: WebSocket, bytes: number, now = Date.now()): void {
    const bucket = this.#refilled(socket, now);
    bucket.bytes = Math.max(-this.limits.burstBytes, bucket.bytes - bytes);
  }

  #refilled(socket: WebSocket, now: number) {
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
    return bucket;
  }
}

/**
 * Requests that make the server send much more than they cost: sync step 1
 * and query-awareness (issue 15.2). Each socket may ask `burst` at once, then
 * `perSecond`; past that the caller closes it with 4429. In memory, like
 * `MessageBudget`.
 */
export class RequestBudget {
  readonly #buckets = new WeakMap<WebSocket, { tokens: number; at: number }>();

  constructor(readonly limits: { burst: number; perSecond: number }) {}

  take(socket: WebSocket, now = Date.now()): boolean {
    const { burst, perSecond } = this.limits;
    const bucket = this.#buckets.get(socket) ?? { tokens: burst, at: now };
    const seconds = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + seconds * perSecond);
    bucket.at = now;
    this.#buckets.set(socket, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
