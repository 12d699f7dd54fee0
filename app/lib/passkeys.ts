import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import type { RegisteredPasskey } from "../../shared/api/passkeys.ts";
import type { SessionResponse } from "../../shared/api/session.ts";
import { api, ApiError } from "./api.ts";

/**
 * The browser's half of passkeys (issue 18), on @simplewebauthn/browser:
 * ask the Worker for a challenge, hand it to the browser's passkey prompt,
 * send the answer back. Failures are `ApiError`s whose message is for the
 * person, whether the server refused or the prompt was closed.
 */

/** Whether this browser can make and use passkeys at all. */
export function passkeysSupported(): boolean {
  return browserSupportsWebAuthn();
}

/** The prompt's failures in words (the browser's own are for developers). */
function promptError(error: unknown): ApiError {
  const name = error instanceof Error ? error.name : "";
  const message =
    name === "NotAllowedError" || name === "AbortError"
      ? "The passkey prompt was closed or timed out. Try again when you are ready."
      : name === "InvalidStateError"
        ? "This device already has a passkey for your account."
        : name === "SecurityError"
          ? "Passkeys do not work on this address. Open Quire at its usual address."
          : "This browser could not use a passkey. Try another browser or device.";
  return new ApiError(0, "passkey_prompt", message, { cause: error });
}

/** Makes a passkey for the signed-in person; the first one comes with recovery codes. */
export async function addPasskey(name?: string): Promise<RegisteredPasskey> {
  const { options } = await api.passkeyRegistrationOptions();
  let credential;
  try {
    credential = await startRegistration({
      optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON,
    });
  } catch (error) {
    throw promptError(error);
  }
  return api.registerPasskey({
    body: { credential: credential as never, ...(name ? { name } : {}) },
  });
}

/** Signs in with one of this device's passkeys for Quire; the browser offers them. */
export async function signInWithPasskey(): Promise<SessionResponse> {
  const { options } = await api.passkeySignInOptions();
  let credential;
  try {
    credential = await startAuthentication({
      optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON,
    });
  } catch (error) {
    throw promptError(error);
  }
  return api.signInWithPasskey({ body: { credential: credential as never } });
}

/** A name for a new passkey from what the browser says it runs on ("Chrome on Linux"). */
export function suggestedPasskeyName(userAgent = navigator.userAgent): string {
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Browser";
  const system = /iPhone|iPad/.test(userAgent)
    ? "iOS"
    : /Android/.test(userAgent)
      ? "Android"
      : /Mac OS X/.test(userAgent)
        ? "macOS"
        : /Windows/.test(userAgent)
          ? "Windows"
          : /Linux/.test(userAgent)
            ? "Linux"
            : undefined;
  return system ? `${browser} on ${system}` : browser;
}
