/** A response read whole, so each caller sharing it gets its own copy. */
interface SharedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: ArrayBuffer;
}

/**
 * Identical concurrent reads share one call: while a GET for a key is in
 * flight, the same GET (same path, query and session) waits for its answer
 * instead of asking the object again. Many tabs loading one workspace tree
 * then cost one call. Only within one Worker isolate, and only while the
 * first call runs: nothing is cached.
 */
class InFlight {
  readonly #calls = new Map<string, Promise<SharedResponse>>();
  /** Calls made, and requests that joined one already made (for tests and logs). */
  started = 0;
  joined = 0;

  async run(key: string, call: () => Promise<Response>): Promise<Response> {
    let shared = this.#calls.get(key);
    if (shared) {
      this.joined++;
    } else {
      this.started++;
      shared = read(call()).finally(() => this.#calls.delete(key));
      this.#calls.set(key, shared);
    }
    const { status, statusText, headers, body } = await shared;
    return new Response(body.slice(0), { status, statusText, headers });
  }
}

async function read(pending: Promise<Response>): Promise<SharedResponse> {
  const response = await pending;
  return {
    status: response.status,
    statusText: response.statusText,
    headers: [...response.headers],
    body: await response.arrayBuffer(),
  };
}

/** The Worker's reads (one per isolate). */
export const sharedReads = new InFlight();
