import * as v from "valibot";

/** Default lease of a file lock: 5 minutes. */
export const DEFAULT_LOCK_SECONDS = 5 * 60;
/** A lock lasts between 1 second and 1 hour, then it must be renewed. */
export const MIN_LOCK_SECONDS = 1;
export const MAX_LOCK_SECONDS = 60 * 60;

/** Who holds a file's lock, and until when (ms since epoch); null when the file is free. */
export const LockState = v.nullable(
  v.object({
    holder: v.object({ id: v.string(), name: v.string() }),
    acquiredAt: v.number(),
    expiresAt: v.number(),
  }),
);
export type LockState = v.InferOutput<typeof LockState>;

/** `GET`, `POST` and `PATCH .../files/:f/lock`. */
export const LockAnswer = v.object({ lock: LockState });

/** `POST` and `PATCH .../files/:f/lock`: the lease, in seconds. */
export const LockBody = v.strictObject(
  {
    leaseSeconds: v.optional(
      v.pipe(
        v.number("must be a number"),
        v.minValue(MIN_LOCK_SECONDS, `must be at least ${MIN_LOCK_SECONDS} second`),
        v.maxValue(MAX_LOCK_SECONDS, `must be at most ${MAX_LOCK_SECONDS} seconds (1 hour)`),
      ),
    ),
  },
  "must be an object with only leaseSeconds",
);

export type LockBody = v.InferOutput<typeof LockBody>;
