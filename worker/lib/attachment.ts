import * as v from "valibot";

/**
 * A socket's attachment (what it carries through hibernation,
 * `serializeAttachment`) with a version and a schema: written whole, and
 * parsed on every read instead of cast. An attachment written by another
 * version of the code, or not at all, reads as undefined, and the object
 * decides what that socket gets (usually a close that makes it reconnect
 * and be accepted afresh).
 */
export function socketAttachment<const V extends number, E extends v.ObjectEntries>(
  version: V,
  entries: E,
) {
  const schema = v.object({ version: v.literal(version), ...entries });
  type Value = v.InferOutput<v.ObjectSchema<E, undefined>>;
  return {
    /**
     * Stores `value` on the socket. The runtime refuses more than 2,048 bytes
     * (https://developers.cloudflare.com/durable-objects/api/websockets/#serializeattachment).
     */
    write(socket: WebSocket, value: Value): void {
      socket.serializeAttachment({ ...value, version });
    },
    /** What the socket carries, checked; undefined for anything this version did not write. */
    read(socket: WebSocket): Value | undefined {
      const result = v.safeParse(schema, socket.deserializeAttachment());
      if (!result.success) return undefined;
      const { version: _, ...value } = result.output;
      return value as Value;
    },
  };
}
