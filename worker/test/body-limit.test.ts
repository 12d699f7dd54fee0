import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiClient } from "./api-client.ts";

/** Issue 15.11: the 64 KiB body limit counts bytes, and stops reading a chunked body past it. */

function post(person: ApiClient, body: BodyInit) {
  return exports.default.fetch("http://quire.test/api/workspaces", {
    method: "POST",
    headers: { Cookie: person.cookie, "Content-Type": "application/json" },
    body,
  });
}

/** A body sent in chunks, with no Content-Length: `chunks` of `chunk`, or without end. */
function chunked(chunk: string, chunks = Infinity) {
  const bytes = new TextEncoder().encode(chunk);
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(bytes);
    },
  });
  return { stream, sent: () => sent };
}

describe("the JSON body limit", () => {
  it("counts bytes: 25,000 euro signs (75,000 bytes) are refused with 413", async () => {
    const ada = await ApiClient.signIn("Ada");
    const body = JSON.stringify({ name: "€".repeat(25_000) });
    expect(body.length).toBeLessThan(64 * 1024);
    const { stream } = chunked(body, 1);
    const answer = await post(ada, stream);
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as any).error.message).toBe(
      "The body is larger than 65536 bytes.",
    );
  });

  it("stops reading a chunked body that never ends, once past the limit", async () => {
    const ada = await ApiClient.signIn("Ada");
    const body = chunked(`{"name":"${"x".repeat(1000)}`);
    const answer = await post(ada, body.stream);
    expect(answer.status).toBe(413);
    await answer.body?.cancel();
    // Read to just past 64 KiB (and what the runtime buffers ahead), not for ever.
    expect(body.sent()).toBeLessThan(1000);
    expect((await ada.call("GET", "/api/workspaces")).body.workspaces).toHaveLength(0);
  });
});
