/** How `withRetries` backs off. */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first retry waits up to this long; each next one up to twice as long. */
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

const DEFAULTS: RetryOptions = {
  attempts: 3,
  baseDelayMs: 50,
  maxDelayMs: 1_000,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Whether a Durable Object call failed in a way worth trying again: the
 * runtime flags such errors `retryable` (the object was reset or moved).
 * One flagged `overloaded` is never retried, even if also `retryable`:
 * "retrying will worsen the overload and increase the overall error rate"
 * (https://developers.cloudflare.com/durable-objects/best-practices/error-handling/;
 * the runtime's own automatic retries skip them too). retry.test.ts pins both.
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const flags = error as { retryable?: unknown; overloaded?: unknown };
  return flags.retryable === true && flags.overloaded !== true;
}

/**
 * Runs `attempt`, and again after a retryable failure, with exponential
 * backoff and full jitter, a bounded number of times. Only for operations
 * that are safe to repeat: the router uses it for reads.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  options: Partial<RetryOptions> = {},
): Promise<T> {
  const { attempts, baseDelayMs, maxDelayMs, random, sleep } = { ...DEFAULTS, ...options };
  for (let tried = 1; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      if (tried >= attempts || !isRetryable(error)) throw error;
      const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (tried - 1));
      await sleep(Math.floor(random() * cap));
    }
  }
}
