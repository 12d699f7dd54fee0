import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
} from "@simplewebauthn/server";
import { isoBase64URL, isoUint8Array } from "@simplewebauthn/server/helpers";
import * as v from "valibot";
import { contract } from "../../shared/api/contract.ts";
import { CredentialIdSchema, normalizeRecoveryCode } from "../../shared/api/passkeys.ts";
import type { User } from "../../shared/api/session.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { hashToken, requireUser, sessionToken } from "../lib/auth.ts";
import { HttpError } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import { endSession, startSession } from "../lib/sessions.ts";
import {
  credentialShard,
  issueChallenge,
  linkKeys,
  newRecoveryCodes,
  passkeyKey,
  readClientData,
  recoveryKey,
  refused,
  takeChallenge,
} from "../passkeys/index.ts";
import { relyingParty } from "../passkeys/relying-party.ts";
import { type Route, route } from "../router.ts";
import { SIGNED_IN_AGAIN } from "./session.ts";

/**
 * Passkeys and recovery codes (issue 18). A guest who registers a passkey
 * keeps their user id, so every workspace, role, inbox entry and version
 * stays theirs: registration only adds a credential to their UserObject and
 * a pointer to it in a credential shard. Signing in with a passkey or a code
 * finds the person through that pointer, asks their UserObject whether the
 * credential is still theirs, and starts a session as guest sign-in does.
 *
 * Every refusal happens before anything is stored or any session starts:
 * the challenge is taken (once) first, then the origin and RP id, the
 * pointer, the person's own record and the signature are checked in turn.
 */

function userStub(env: Env, userId: string) {
  return env.USERS.get(env.USERS.idFromName(userId));
}

/** The words for a passkey the index or its person no longer knows. */
const UNKNOWN_PASSKEY =
  "This passkey is not registered with Quire, or it was removed. Sign in another way.";
const BAD_RECOVERY_CODE = "That recovery code is wrong or was already used.";

function checkOrigin(env: Env, origin: string): void {
  if (!relyingParty(env).allowsOrigin(origin)) {
    throw refused(400, `This passkey answer comes from another site (${origin}).`);
  }
}

/** The verifier's reason in a sentence for people (it names what did not match). */
function verifierProblem(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `The passkey could not be verified: ${reason}`;
}

function passkeyId(raw: string): string {
  const parsed = v.safeParse(CredentialIdSchema, raw);
  if (!parsed.success) throw new HttpError(404, ErrorCode.notFound, "There is no such passkey.");
  return parsed.output;
}

/**
 * Signs the browser in as `userId`, as guest sign-in does: a session the
 * browser had is ended first (its sockets close, issue 15.10), then a new
 * one starts with the same cookie code (worker/lib/sessions.ts).
 */
async function signInAs(
  env: Env,
  request: Request,
  headers: Headers,
  userId: string,
): Promise<User> {
  const { id, name, color } = unwrap(await userStub(env, userId).profile());
  const user: User = { id, name, color };
  const previous = sessionToken(request);
  if (previous) await endSession(env, await hashToken(previous), SIGNED_IN_AGAIN);
  await startSession(env, request, user, headers);
  return user;
}

export const passkeyRoutes: Route[] = [
  route(contract.passkeyRegistrationOptions, async ({ request, env }) => {
    const user = await requireUser(request, env);
    const rp = relyingParty(env);
    const { passkeys } = await userStub(env, user.id).passkeys();
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      // The user handle is the Quire user id: a discoverable passkey names
      // its person, though sign-in trusts the server's index, not the handle.
      userID: isoUint8Array.fromUTF8String(user.id),
      userName: user.name,
      userDisplayName: user.name,
      attestationType: "none",
      excludeCredentials: passkeys.map(({ id }) => ({ id })),
      authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
    });
    await issueChallenge(env, options.challenge, { kind: "register", userId: user.id });
    return { options: { ...options } };
  }),

  route(contract.registerPasskey, async ({ request, env, body: readBody }) => {
    const user = await requireUser(request, env);
    const { credential, name } = await readBody();
    const clientData = readClientData(credential.response.clientDataJSON);
    await takeChallenge(env, clientData.challenge, { kind: "register", userId: user.id });
    checkOrigin(env, clientData.origin);
    await takeCreation(env, "passkey", { userId: user.id, request });
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response: credential as Parameters<typeof verifyRegistrationResponse>[0]["response"],
        expectedChallenge: clientData.challenge,
        expectedOrigin: clientData.origin,
        expectedRPID: relyingParty(env).id,
        requireUserVerification: false,
      });
    } catch (error) {
      throw refused(400, verifierProblem(error));
    }
    if (!verified.verified) throw refused(400, "The passkey could not be verified.");
    const { credential: made } = verified.registrationInfo;
    const key = await passkeyKey(made.id);
    if (!(await credentialShard(env, key).link(key, user.id))) {
      throw new HttpError(409, ErrorCode.conflict, "This passkey belongs to another account.");
    }
    // Codes are linked before the person stores their hashes: a pointer
    // without a stored hash signs no one in, a stored hash without a pointer
    // would be a code that silently never works.
    const codes = await newRecoveryCodes();
    await linkKeys(env, codes.hashes, user.id);
    const stored = await userStub(env, user.id).addPasskey(
      {
        credentialId: made.id,
        publicKey: isoBase64URL.fromBuffer(made.publicKey),
        counter: made.counter,
        transports: credential.response.transports,
        name: name ?? "Passkey",
      },
      codes.hashes,
    );
    if (!stored.ok || !stored.value.codesStored) await linkKeys(env, codes.hashes, user.id, true);
    if (!stored.ok) await credentialShard(env, key).unlink(key, user.id);
    const { passkey, codesStored } = unwrap(stored);
    return { passkey, recoveryCodes: codesStored ? codes.codes : [] };
  }),

  route(contract.passkeys, async ({ request, env }) => {
    const user = await requireUser(request, env);
    return await userStub(env, user.id).passkeys();
  }),

  route(contract.renamePasskey, async ({ request, env, params, body }) => {
    const user = await requireUser(request, env);
    const id = passkeyId(params.passkey!);
    const { name } = await body();
    return unwrap(await userStub(env, user.id).renamePasskey(id, name));
  }),

  route(contract.removePasskey, async ({ request, env, params }) => {
    const user = await requireUser(request, env);
    const id = passkeyId(params.passkey!);
    unwrap(await userStub(env, user.id).removePasskey(id));
    const key = await passkeyKey(id);
    await credentialShard(env, key).unlink(key, user.id);
  }),

  route(contract.regenerateRecoveryCodes, async ({ request, env }) => {
    const user = await requireUser(request, env);
    const person = userStub(env, user.id);
    if ((await person.passkeyCount()) === 0) {
      throw new HttpError(
        409,
        ErrorCode.conflict,
        "Add a passkey first: recovery codes come with it.",
      );
    }
    const codes = await newRecoveryCodes();
    await linkKeys(env, codes.hashes, user.id);
    const old = await person.replaceRecoveryCodes(codes.hashes);
    await linkKeys(env, old, user.id, true);
    return { recoveryCodes: codes.codes };
  }),

  route(contract.passkeySignInOptions, async ({ request, env }) => {
    await takeCreation(env, "sign-in-challenge", { request });
    const options = await generateAuthenticationOptions({
      rpID: relyingParty(env).id,
      // Discoverable passkeys: the browser offers the person's own, so the
      // page needs no name first and tells nothing about who has an account.
      allowCredentials: [],
      userVerification: "preferred",
    });
    await issueChallenge(env, options.challenge, { kind: "sign-in" });
    return { options: { ...options } };
  }),

  route(contract.signInWithPasskey, async ({ request, env, headers, body: readBody }) => {
    const { credential } = await readBody();
    await takeCreation(env, "sign-in-attempt", { request });
    const clientData = readClientData(credential.response.clientDataJSON);
    await takeChallenge(env, clientData.challenge, { kind: "sign-in" });
    checkOrigin(env, clientData.origin);
    const key = await passkeyKey(credential.id);
    const userId = await credentialShard(env, key).owner(key);
    if (!userId) throw refused(401, UNKNOWN_PASSKEY);
    await takeCreation(env, "account-sign-in", { userId, request });
    const person = userStub(env, userId);
    const stored = await person.passkey(credential.id);
    if (!stored) throw refused(401, UNKNOWN_PASSKEY);
    let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verified = await verifyAuthenticationResponse({
        response: credential as Parameters<typeof verifyAuthenticationResponse>[0]["response"],
        expectedChallenge: clientData.challenge,
        expectedOrigin: clientData.origin,
        expectedRPID: relyingParty(env).id,
        credential: {
          id: stored.credentialId,
          publicKey: isoBase64URL.toBuffer(stored.publicKey),
          counter: stored.counter,
          transports: stored.transports as AuthenticatorTransport[],
        },
        requireUserVerification: false,
      });
    } catch (error) {
      throw refused(401, verifierProblem(error));
    }
    if (!verified.verified) throw refused(401, "The passkey could not be verified.");
    await person.passkeyUsed(credential.id, verified.authenticationInfo.newCounter);
    const user = await signInAs(env, request, headers, userId);
    return { user, passkeys: await person.passkeyCount() };
  }),

  route(contract.signInWithRecoveryCode, async ({ request, env, headers, body: readBody }) => {
    const { code: typed } = await readBody();
    await takeCreation(env, "sign-in-attempt", { request });
    const code = normalizeRecoveryCode(typed);
    if (!code) throw refused(401, BAD_RECOVERY_CODE);
    const key = await recoveryKey(code);
    const userId = await credentialShard(env, key).owner(key);
    if (!userId) throw refused(401, BAD_RECOVERY_CODE);
    await takeCreation(env, "account-sign-in", { userId, request });
    const person = userStub(env, userId);
    if (!(await person.useRecoveryCode(key))) throw refused(401, BAD_RECOVERY_CODE);
    await credentialShard(env, key).unlink(key, userId);
    const user = await signInAs(env, request, headers, userId);
    return { user, passkeys: await person.passkeyCount() };
  }),
];
