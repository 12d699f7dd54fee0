import * as v from "valibot";
import { CONTROL_CHARACTERS } from "../text.ts";

/**
 * The HTTP API's shapes for passkeys and recovery codes (issue 18): register
 * a passkey (signed in), sign in with one or with a recovery code
 * (anonymous), and list, rename and remove one's passkeys. The WebAuthn
 * ceremonies' own JSON (options, credentials) is @simplewebauthn's; the
 * schemas here check only the fields Quire reads, and the Worker's verifier
 * checks the rest.
 */

/** Longest passkey name, in code points. */
export const MAX_PASSKEY_NAME_LENGTH = 60;

/** How many passkeys one person may have (each is a row in their UserObject and one in the index). */
export const MAX_PASSKEYS = 20;

/** How many recovery codes a registration or a regeneration hands out. */
export const RECOVERY_CODE_COUNT = 10;

/**
 * A recovery code as shown: 16 characters of Crockford's base 32 (80 random
 * bits) in four groups, "7kq2-m9xd-…". High-entropy, so an unsalted SHA-256
 * is enough to store it (issue 18: stored only as hashes).
 */
export const RECOVERY_CODE_PATTERN = /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/;

/**
 * What a person may type for a code: case, spaces and dashes do not matter,
 * and the letters people mistake for digits (o, i, l) are read as 0, 1, 1 as
 * Crockford's alphabet says. Undefined when it cannot be a code at all.
 */
export function normalizeRecoveryCode(typed: string): string | undefined {
  const compact = typed
    .toLowerCase()
    .replace(/[\s-]/g, "")
    .replaceAll("o", "0")
    .replace(/[il]/g, "1");
  if (!/^[0-9a-hjkmnp-tv-z]{16}$/.test(compact)) return undefined;
  return compact.match(/.{4}/g)!.join("-");
}

/** A base64url string of at most `max` characters (WebAuthn's binary fields on the wire). */
function base64Url(max: number) {
  return v.pipe(
    v.string("must be a string"),
    v.regex(/^[A-Za-z0-9_-]*$/, "must be base64url"),
    v.maxLength(max, `must be at most ${max} characters`),
  );
}

/** A credential id: at most 1,023 bytes (WebAuthn §5.1), 1,364 characters of base64url. */
export const CredentialIdSchema = v.pipe(base64Url(1364), v.minLength(16, "is too short"));

/** A passkey's name: trimmed, 1–60 code points, no control characters. */
export const PasskeyNameSchema = v.pipe(
  v.string("must be a string"),
  v.check((name) => !CONTROL_CHARACTERS.test(name), "must not contain control characters"),
  v.transform((name) => name.normalize("NFC").trim()),
  v.check((name) => name.length > 0, "must not be empty"),
  v.check(
    (name) => [...name].length <= MAX_PASSKEY_NAME_LENGTH,
    `must be at most ${MAX_PASSKEY_NAME_LENGTH} characters`,
  ),
);

/** One of the person's passkeys as the account page lists it. Times are ms since the epoch. */
export const PasskeyInfo = v.object({
  id: v.string(),
  name: v.string(),
  createdAt: v.number(),
  lastUsedAt: v.nullable(v.number()),
});
export type PasskeyInfo = v.InferOutput<typeof PasskeyInfo>;

/** `GET /api/passkeys`: the passkeys, oldest first, and how many recovery codes are unused. */
export const PasskeyList = v.object({
  passkeys: v.array(PasskeyInfo),
  recoveryCodesLeft: v.number(),
});
export type PasskeyList = v.InferOutput<typeof PasskeyList>;

/**
 * The options a WebAuthn ceremony starts with (`PublicKeyCredentialCreationOptionsJSON`
 * or `...RequestOptionsJSON`), passed as they are to @simplewebauthn/browser.
 */
export const CeremonyOptions = v.looseObject({ challenge: v.string() });

export const RegistrationOptionsAnswer = v.object({ options: CeremonyOptions });
export const SignInOptionsAnswer = v.object({ options: CeremonyOptions });

/** The browser's answer to `navigator.credentials.create`, as @simplewebauthn/browser encodes it. */
export const RegistrationCredential = v.looseObject({
  id: CredentialIdSchema,
  rawId: CredentialIdSchema,
  type: v.literal("public-key"),
  response: v.looseObject({
    clientDataJSON: base64Url(4096),
    attestationObject: base64Url(16384),
    transports: v.optional(v.array(v.pipe(v.string(), v.maxLength(32))), []),
  }),
  clientExtensionResults: v.optional(v.looseObject({}), {}),
});

/** The browser's answer to `navigator.credentials.get`. */
export const AuthenticationCredential = v.looseObject({
  id: CredentialIdSchema,
  rawId: CredentialIdSchema,
  type: v.literal("public-key"),
  response: v.looseObject({
    clientDataJSON: base64Url(4096),
    authenticatorData: base64Url(4096),
    signature: base64Url(2048),
    userHandle: v.optional(base64Url(128)),
  }),
  clientExtensionResults: v.optional(v.looseObject({}), {}),
});

/** `POST /api/passkeys`: the new credential and, optionally, a name for it. */
export const RegisterPasskeyBody = v.strictObject({
  credential: RegistrationCredential,
  name: v.optional(PasskeyNameSchema),
});
export type RegisterPasskeyBody = v.InferOutput<typeof RegisterPasskeyBody>;

/**
 * The registered passkey, and the recovery codes when this was the person's
 * first passkey: shown once, never again (the server keeps only hashes).
 */
export const RegisteredPasskey = v.object({
  passkey: PasskeyInfo,
  recoveryCodes: v.array(v.string()),
});
export type RegisteredPasskey = v.InferOutput<typeof RegisteredPasskey>;

/** `PATCH /api/passkeys/:passkey`. */
export const RenamePasskeyBody = v.strictObject({ name: PasskeyNameSchema });

/** `POST /api/session/passkey`: the signed challenge. */
export const PasskeySignInBody = v.strictObject({ credential: AuthenticationCredential });
export type PasskeySignInBody = v.InferOutput<typeof PasskeySignInBody>;

/** `POST /api/session/recovery-code`: a code as the person typed it. */
export const RecoverySignInBody = v.strictObject({
  code: v.pipe(v.string("must be a string"), v.maxLength(64, "is not a recovery code")),
});

/** `POST /api/recovery-codes`: a new set; every earlier code stops working. */
export const RecoveryCodes = v.object({ recoveryCodes: v.array(v.string()) });
export type RecoveryCodes = v.InferOutput<typeof RecoveryCodes>;
