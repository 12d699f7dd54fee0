import { env } from "cloudflare:workers";
import { listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RECOVERY_CODE_COUNT, RECOVERY_CODE_PATTERN } from "../../shared/api/passkeys.ts";
import { hashToken } from "../lib/auth.ts";
import { CREATION_LIMITS } from "../lib/limits.ts";
import { credentialShard } from "../passkeys/index.ts";
import { ApiClient, call, randomAddress } from "./api-client.ts";
import { SoftAuthenticator } from "./authenticator.ts";

/**
 * Passkeys and recovery codes through the Worker (issue 18), with forged
 * WebAuthn answers from a software authenticator: a guest keeps their id
 * when they add a passkey, signs in with it from a fresh browser, and every
 * bad input is refused with words, creates nothing and signs no one in.
 */

/** A request from a browser with no session, from an address of its own unless told. */
function anonymous(method: string, path: string, body?: unknown, address = randomAddress()) {
  return call(method, path, body, undefined, { "CF-Connecting-IP": address });
}

async function registerPasskey(person: ApiClient, authenticator: SoftAuthenticator, name?: string) {
  const options = await person.call("POST", "/api/passkeys/options");
  expect(options.status).toBe(200);
  const credential = await authenticator.register({ challenge: options.body.options.challenge });
  return person.call("POST", "/api/passkeys", { credential, ...(name ? { name } : {}) });
}

async function signInOptions(address = randomAddress()): Promise<string> {
  const options = await anonymous("POST", "/api/session/passkey-options", undefined, address);
  expect(options.status).toBe(200);
  return options.body.options.challenge;
}

async function signInWith(
  authenticator: SoftAuthenticator,
  bend: { origin?: string; rpId?: string; badSignature?: boolean; challenge?: string } = {},
  address = randomAddress(),
) {
  const challenge = bend.challenge ?? (await signInOptions(address));
  const credential = await authenticator.signIn({ ...bend, challenge });
  return anonymous("POST", "/api/session/passkey", { credential }, address);
}

/** The cookie a sign-in set, as the browser would send it back. */
function cookieOf(result: { headers: Headers }): string {
  return (result.headers.get("Set-Cookie") ?? "").split(";")[0]!;
}

/** A guest who owns a workspace and has registered one passkey. */
async function account() {
  const person = await ApiClient.signIn("Ada");
  const workspace = await person.call("POST", "/api/workspaces", { name: "Kept" });
  const authenticator = await SoftAuthenticator.create();
  const registered = await registerPasskey(person, authenticator, "Laptop");
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  return {
    person,
    authenticator,
    workspaceId: workspace.body.id as string,
    codes: registered.body.recoveryCodes as string[],
  };
}

describe("passkeys", () => {
  it("a guest adds a passkey and stays the same person, with recovery codes shown once", async () => {
    const person = await ApiClient.signIn("Ada");
    expect((await person.call("GET", "/api/session")).body.passkeys).toBe(0);
    const authenticator = await SoftAuthenticator.create();
    const registered = await registerPasskey(person, authenticator, "Laptop");
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body.passkey).toMatchObject({
      id: authenticator.credentialId,
      name: "Laptop",
      lastUsedAt: null,
    });
    expect(registered.body.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    for (const code of registered.body.recoveryCodes) expect(code).toMatch(RECOVERY_CODE_PATTERN);
    const session = await person.call("GET", "/api/session");
    expect(session.body).toMatchObject({ user: { id: person.user.id }, passkeys: 1 });

    // A second passkey brings no new codes: the first set stays the one shown.
    const second = await registerPasskey(person, await SoftAuthenticator.create());
    expect(second.status).toBe(201);
    expect(second.body.recoveryCodes).toEqual([]);
    const list = await person.call("GET", "/api/passkeys");
    expect(list.body.passkeys.map((p: { name: string }) => p.name)).toEqual(["Laptop", "Passkey"]);
    expect(list.body.recoveryCodesLeft).toBe(RECOVERY_CODE_COUNT);
  });

  it("stores the public key and only hashes of the recovery codes", async () => {
    const { person, codes } = await account();
    const stub = env.USERS.get(env.USERS.idFromName(person.user.id));
    const stored = await runInDurableObject(stub, (_, state) => ({
      passkeys: state.storage.sql.exec("SELECT * FROM passkeys").toArray(),
      codes: state.storage.sql.exec("SELECT hash FROM recovery_codes").toArray(),
    }));
    expect(stored.passkeys).toHaveLength(1);
    const everything = JSON.stringify(stored);
    for (const code of codes) {
      expect(everything).not.toContain(code);
      expect(everything).toContain(await hashToken(`recovery:${code}`));
    }
  });

  it("signs in from a fresh browser with the passkey and finds the workspace", async () => {
    const { person, authenticator, workspaceId } = await account();
    const signedIn = await signInWith(authenticator);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(201);
    expect(signedIn.body).toMatchObject({ user: { id: person.user.id, name: "Ada" }, passkeys: 1 });
    const cookie = cookieOf(signedIn);
    const workspaces = await call("GET", "/api/workspaces", undefined, cookie);
    expect(workspaces.body.workspaces.map((w: { id: string }) => w.id)).toContain(workspaceId);
    const list = await call("GET", "/api/passkeys", undefined, cookie);
    expect(list.body.passkeys[0].lastUsedAt).toBeGreaterThan(0);
  });

  it("renames and removes a passkey; a removed one signs no one in", async () => {
    const { person, authenticator } = await account();
    const path = `/api/passkeys/${authenticator.credentialId}`;
    const renamed = await person.call("PATCH", path, { name: "  Phone  " });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe("Phone");
    expect((await person.call("PATCH", path, { name: "" })).status).toBe(400);
    const other = await ApiClient.signIn("Mallory");
    expect((await other.call("DELETE", path)).status).toBe(404);
    expect((await person.call("DELETE", path)).status).toBe(204);
    expect((await person.call("GET", "/api/session")).body.passkeys).toBe(0);
    const refused = await signInWith(authenticator);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/not registered with Quire, or it was removed/);
    expect(refused.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("deleting an account", () => {
  it("removes the credential index's pointers: its passkey and codes sign no one in", async () => {
    const { person, authenticator, workspaceId, codes } = await account();
    const deleted = await person.call("DELETE", "/api/me", { deleteWorkspaces: [workspaceId] });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    for (const key of [
      await hashToken(`passkey:${authenticator.credentialId}`),
      await hashToken(`recovery:${codes[2]}`),
    ]) {
      expect(await credentialShard(env, key).owner(key)).toBeUndefined();
    }
    const refused = await signInWith(authenticator);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/not registered with Quire/);
    const code = await anonymous("POST", "/api/session/recovery-code", { code: codes[2] });
    expect(code.status).toBe(401);
  });
});

describe("passkey sign-in refuses bad input, creates nothing and signs no one in", () => {
  it("refuses a replayed challenge", async () => {
    const { authenticator } = await account();
    const address = randomAddress();
    const challenge = await signInOptions(address);
    const credential = await authenticator.signIn({ challenge });
    const first = await anonymous("POST", "/api/session/passkey", { credential }, address);
    expect(first.status).toBe(201);
    const replayed = await anonymous("POST", "/api/session/passkey", { credential }, address);
    expect(replayed.status).toBe(400);
    expect(replayed.body.error.message).toBe(
      "This passkey request is unknown or was already used. Try again.",
    );
    expect(replayed.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses a challenge the server never handed out", async () => {
    const { authenticator } = await account();
    const refused = await signInWith(authenticator, { challenge: "bm90LW91cnM" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/unknown or was already used/);
  });

  it("refuses an expired challenge, and the alarm sweeps expired ones away", async () => {
    const { authenticator } = await account();
    const challenge = "ZXhwaXJlZC1jaGFsbGVuZ2U";
    const key = await hashToken(`challenge:${challenge}`);
    const shard = credentialShard(env, key);
    // Expired but not swept yet (the sweep would have deleted it): the
    // shard checks the expiry itself.
    await runInDurableObject(shard, (_, state) =>
      state.storage.sql.exec(
        "INSERT INTO challenges (hash, purpose, user_id, expires_at) VALUES (?, 'sign-in', NULL, ?)",
        key,
        Date.now() - 1,
      ),
    );
    const refused = await signInWith(authenticator, { challenge });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("This passkey request has expired. Try again.");

    // One that is never answered is deleted by the shard's alarm.
    const unanswered = "bmV2ZXItYW5zd2VyZWQ";
    const unansweredKey = await hashToken(`challenge:${unanswered}`);
    const its = credentialShard(env, unansweredKey);
    const before = await runInDurableObject(its, async (instance) => {
      await instance.issueChallenge(unansweredKey, { kind: "sign-in" }, Date.now() + 20);
      return instance.pendingChallenges();
    });
    expect(before).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 40));
    await runDurableObjectAlarm(its);
    const left = await runInDurableObject(its, (instance) => instance.takeChallenge(unansweredKey));
    expect(left).toEqual({ ok: false, reason: "unknown" });
  });

  it("refuses a registration challenge used to sign in, and one person's challenge for another", async () => {
    const { authenticator } = await account();
    const person = await ApiClient.signIn("Ada");
    const options = await person.call("POST", "/api/passkeys/options");
    const challenge = options.body.options.challenge;
    const refused = await signInWith(authenticator, { challenge });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      "This passkey request was made for something else. Try again.",
    );

    const mine = await person.call("POST", "/api/passkeys/options");
    const intruder = await ApiClient.signIn("Mallory");
    const credential = await (
      await SoftAuthenticator.create()
    ).register({
      challenge: mine.body.options.challenge,
    });
    const stolen = await intruder.call("POST", "/api/passkeys", { credential });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.message).toMatch(/made for something else/);
    expect((await intruder.call("GET", "/api/passkeys")).body.passkeys).toEqual([]);
  });

  it("refuses an answer from another origin or for another RP id", async () => {
    const { authenticator } = await account();
    const otherOrigin = await signInWith(authenticator, { origin: "https://evil.test" });
    expect(otherOrigin.status).toBe(400);
    expect(otherOrigin.body.error.message).toBe(
      "This passkey answer comes from another site (https://evil.test).",
    );
    const otherRp = await signInWith(authenticator, { rpId: "evil.test" });
    expect(otherRp.status).toBe(401);
    expect(otherRp.body.error.message).toMatch(/^The passkey could not be verified: .*RP ID/);
    expect(otherRp.headers.get("Set-Cookie")).toBeNull();

    // Registration checks the same.
    const person = await ApiClient.signIn("Ada");
    const options = await person.call("POST", "/api/passkeys/options");
    const credential = await (
      await SoftAuthenticator.create()
    ).register({
      challenge: options.body.options.challenge,
      rpId: "evil.test",
    });
    const registered = await person.call("POST", "/api/passkeys", { credential });
    expect(registered.status).toBe(400);
    expect(registered.body.error.message).toMatch(/^The passkey could not be verified: .*RP ID/);
    expect((await person.call("GET", "/api/session")).body.passkeys).toBe(0);
  });

  it("refuses a bad signature and an unknown credential, waking no one for the unknown one", async () => {
    const { authenticator } = await account();
    const forged = await signInWith(authenticator, { badSignature: true });
    expect(forged.status).toBe(401);
    expect(forged.body.error.message).toMatch(/^The passkey could not be verified/);

    const stranger = await SoftAuthenticator.create();
    const usersBefore = (await listDurableObjectIds(env.USERS)).length;
    const unknown = await signInWith(stranger);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toMatch(/not registered with Quire/);
    expect((await listDurableObjectIds(env.USERS)).length).toBe(usersBefore);
  });

  it("refuses a cloned authenticator whose signature counter went backwards", async () => {
    const { authenticator } = await account();
    expect((await signInWith(authenticator)).status).toBe(201);
    expect((await signInWith(authenticator)).status).toBe(201);
    // A copy of the key that last signed with counter 1 (the server has seen 2).
    authenticator.counter = 0;
    const cloned = await signInWith(authenticator);
    expect(cloned.status).toBe(401);
    expect(cloned.body.error.message).toMatch(/^The passkey could not be verified: .*counter/i);
    expect(cloned.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses malformed answers with 400", async () => {
    const challenge = await signInOptions();
    const credential = await (await SoftAuthenticator.create()).signIn({ challenge });
    const notBase64 = { ...credential, response: { ...credential.response, clientDataJSON: "%%" } };
    const bad = await anonymous("POST", "/api/session/passkey", { credential: notBase64 });
    expect(bad.status).toBe(400);
    const notJson = {
      ...credential,
      response: { ...credential.response, clientDataJSON: "bm90IGpzb24" },
    };
    const worse = await anonymous("POST", "/api/session/passkey", { credential: notJson });
    expect(worse.status).toBe(400);
    expect(worse.body.error.message).toBe("This passkey answer is malformed (clientDataJSON).");
    expect((await anonymous("POST", "/api/session/passkey", { credential: {} })).status).toBe(400);
  });

  it("limits sign-in attempts per address", async () => {
    const stranger = await SoftAuthenticator.create();
    const address = randomAddress();
    const limit = CREATION_LIMITS["sign-in-attempt"].perHour;
    for (let i = 0; i < limit; i++) {
      expect((await signInWith(stranger, {}, address)).status).toBe(401);
    }
    const limited = await signInWith(stranger, {}, address);
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(
      /^Too many sign-in attempts from this address: at most 30 an hour\./,
    );
    // Recovery codes share the address's budget.
    const code = await anonymous(
      "POST",
      "/api/session/recovery-code",
      { code: "0000-0000-0000-0000" },
      address,
    );
    expect(code.status).toBe(429);
  });

  it("limits sign-in attempts per account, from any number of addresses", async () => {
    const { authenticator } = await account();
    const limit = CREATION_LIMITS["account-sign-in"].perHour;
    for (let i = 0; i < limit; i++) {
      expect((await signInWith(authenticator, { badSignature: true })).status).toBe(401);
    }
    const limited = await signInWith(authenticator);
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/^Too many sign-in attempts for this account/);
    expect(limited.headers.get("Set-Cookie")).toBeNull();
  });
});

describe("recovery codes", () => {
  it("signs in once per code, as the same person; a used, wrong or malformed code is refused", async () => {
    const { person, codes, workspaceId } = await account();
    const code = codes[0]!;
    const first = await anonymous("POST", "/api/session/recovery-code", {
      code: ` ${code.toUpperCase().replaceAll("-", " ")} `,
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.user.id).toBe(person.user.id);
    const workspaces = await call("GET", "/api/workspaces", undefined, cookieOf(first));
    expect(workspaces.body.workspaces.map((w: { id: string }) => w.id)).toContain(workspaceId);
    expect((await person.call("GET", "/api/passkeys")).body.recoveryCodesLeft).toBe(
      RECOVERY_CODE_COUNT - 1,
    );

    for (const attempt of [code, "zzzz-zzzz-zzzz-zzzz", "not a code"]) {
      const refused = await anonymous("POST", "/api/session/recovery-code", { code: attempt });
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toBe("That recovery code is wrong or was already used.");
      expect(refused.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("a new set replaces every earlier code", async () => {
    const { person, codes } = await account();
    const fresh = await person.call("POST", "/api/recovery-codes");
    expect(fresh.status).toBe(200);
    expect(fresh.body.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    const old = await anonymous("POST", "/api/session/recovery-code", { code: codes[1] });
    expect(old.status).toBe(401);
    const works = await anonymous("POST", "/api/session/recovery-code", {
      code: fresh.body.recoveryCodes[0],
    });
    expect(works.status).toBe(201);
    expect(works.body.user.id).toBe(person.user.id);
  });

  it("a guest without a passkey gets no codes", async () => {
    const guest = await ApiClient.signIn("Ada");
    const refused = await guest.call("POST", "/api/recovery-codes");
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe("Add a passkey first: recovery codes come with it.");
  });
});
