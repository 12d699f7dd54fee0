import { isoBase64URL } from "@simplewebauthn/server/helpers";
import * as v from "valibot";
import { RECOVERY_CODE_COUNT } from "../../shared/api/passkeys.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { hashToken, sessionShardName } from "../lib/auth.ts";
import { HttpError } from "../lib/http.ts";
import type { ChallengePurpose } from "../objects/credential.ts";

/**
 * What the passkey routes share: which credential shard holds a key or a
 * challenge, the recovery codes' alphabet and hash, and reading the
 * `clientDataJSON` a ceremony carries its challenge in.
 */

/** How long a registration or sign-in challenge may be answered (WebAuthn's own timeout is 60 s). */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

/** The credential shard for a key hash: the same first-hex-digit split as sessions. */
export function credentialShard(env: Env, keyHash: string) {
  return env.CREDENTIALS.get(env.CREDENTIALS.idFromName(sessionShardName(keyHash)));
}

/** The index key of a passkey, hashed: the shard and the row are both picked by it. */
export function passkeyKey(credentialId: string): Promise<string> {
  return hashToken(`passkey:${credentialId}`);
}

/** The hash a recovery code (normalised) is stored and found by; never the code itself. */
export function recoveryKey(code: string): Promise<string> {
  return hashToken(`recovery:${code}`);
}

function challengeKey(challenge: string): Promise<string> {
  return hashToken(`challenge:${challenge}`);
}

/** Stores a challenge handed out in a ceremony's options; it is good once, for `CHALLENGE_TTL_MS`. */
export async function issueChallenge(
  env: Env,
  challenge: string,
  purpose: ChallengePurpose,
): Promise<void> {
  const key = await challengeKey(challenge);
  await credentialShard(env, key).issueChallenge(key, purpose, Date.now() + CHALLENGE_TTL_MS);
}

/** Refuses a sign-in or a registration: 400 for a bad ceremony, 401 for who it claims to be. */
export function refused(status: 400 | 401, message: string): HttpError {
  return new HttpError(
    status,
    status === 401 ? ErrorCode.unauthorized : ErrorCode.badRequest,
    message,
  );
}

/**
 * Takes the challenge a ceremony answers, once: a replayed, expired or
 * unknown challenge, or one handed out for another purpose or person, is
 * refused with words that say which, before any signature is checked.
 */
export async function takeChallenge(
  env: Env,
  challenge: string,
  expected: ChallengePurpose,
): Promise<void> {
  const key = await challengeKey(challenge);
  const taken = await credentialShard(env, key).takeChallenge(key);
  if (!taken.ok) {
    throw refused(
      400,
      taken.reason === "expired"
        ? "This passkey request has expired. Try again."
        : "This passkey request is unknown or was already used. Try again.",
    );
  }
  const { purpose } = taken;
  const matches =
    purpose.kind === expected.kind &&
    (purpose.kind !== "register" ||
      (expected.kind === "register" && purpose.userId === expected.userId));
  if (!matches) throw refused(400, "This passkey request was made for something else. Try again.");
}

const ClientData = v.object({ type: v.string(), challenge: v.string(), origin: v.string() });

/**
 * The challenge and origin a ceremony's `clientDataJSON` claims. The
 * verifier checks both again; this is how the Worker finds the challenge's
 * shard without a cookie of its own.
 */
export function readClientData(clientDataJSON: string): v.InferOutput<typeof ClientData> {
  try {
    const parsed = v.safeParse(ClientData, JSON.parse(isoBase64URL.toUTF8String(clientDataJSON)));
    if (parsed.success) return parsed.output;
  } catch {
    // Not base64url or not JSON: refused below like any other malformed answer.
  }
  throw refused(400, "This passkey answer is malformed (clientDataJSON).");
}

/** Crockford's base 32: no i, l, o or u, so a code read aloud or copied by hand survives. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** One recovery code: 80 random bits as 16 characters in four groups of four. */
export function newRecoveryCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 0; i < 16; i++) {
    code = ALPHABET[Number(bits & 31n)]! + code;
    bits >>= 5n;
  }
  return code.match(/.{4}/g)!.join("-");
}

/** A fresh set of recovery codes and their hashes, in the same order. */
export async function newRecoveryCodes(): Promise<{ codes: string[]; hashes: string[] }> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return { codes, hashes: await Promise.all(codes.map(recoveryKey)) };
}

/** Points each hash at `userId` in its shard (or, with `unlink`, removes the pointers). */
export async function linkKeys(
  env: Env,
  hashes: readonly string[],
  userId: string,
  unlink = false,
): Promise<void> {
  await Promise.all(
    hashes.map((hash) =>
      unlink
        ? credentialShard(env, hash).unlink(hash, userId)
        : credentialShard(env, hash).link(hash, userId),
    ),
  );
}

/**
 * Removes every pointer from the credential index to `userId` (their
 * passkeys and recovery codes), before their account is deleted: the
 * pointers would sign no one in (the UserObject is empty), but nothing of a
 * deleted account should stay behind.
 */
export async function forgetCredentials(env: Env, userId: string): Promise<void> {
  const { passkeyIds, codeHashes } = await env.USERS.get(
    env.USERS.idFromName(userId),
  ).credentialKeys();
  const passkeyHashes = await Promise.all(passkeyIds.map(passkeyKey));
  await linkKeys(env, [...passkeyHashes, ...codeHashes], userId, true);
}
