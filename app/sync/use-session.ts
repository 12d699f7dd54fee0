import { useCallback, useEffect, useState } from "react";
import type { SessionResponse, UpdateProfileRequest, User } from "../../shared/api/session.ts";
import { api, ApiError } from "../lib/api.ts";
import { forgetLocalCopies } from "./local-copy.ts";
import { forgetOfflinePages } from "./offline-cache.ts";

/** Who is signed in in this browser: loading, nobody, or a user. */
export type SessionState =
  | { status: "loading" }
  | { status: "signed-out"; error?: string }
  /** `passkeys` 0 is a guest, whose identity is only this browser's cookie (issue 18). */
  | { status: "signed-in"; user: User; passkeys: number };

/** What `PATCH /api/session` may change: a name, a colour, or both. */
export type ProfileChanges = UpdateProfileRequest;

/** The signed-in user and the actions that change who that is. */
export interface Session {
  state: SessionState;
  signIn: (name: string, color?: string) => Promise<void>;
  /** Changes the person's name and/or colour; throws `ApiError` if the server refuses. */
  updateProfile: (changes: ProfileChanges) => Promise<void>;
  signOut: () => Promise<void>;
  /** Takes the answer of another way of signing in (a passkey, a recovery code). */
  signedIn: (answer: SessionResponse) => void;
  /** Reads the session again (the person added or removed a passkey). */
  refresh: () => Promise<void>;
}

/** Reads `GET /api/session` once; sign-in, profile changes and sign-out update it. */
export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  useEffect(() => {
    let cancelled = false;
    api.currentSession().then(
      ({ user, passkeys }) => !cancelled && setState({ status: "signed-in", user, passkeys }),
      (error: unknown) => {
        if (cancelled) return;
        const message =
          error instanceof ApiError && error.status !== 401 ? error.message : undefined;
        setState({ status: "signed-out", error: message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const signIn = useCallback(async (name: string, color?: string) => {
    const { user, passkeys } = await api.signIn({ body: { name, color } });
    setState({ status: "signed-in", user, passkeys });
  }, []);

  const updateProfile = useCallback(async (changes: ProfileChanges) => {
    const { user, passkeys } = await api.updateProfile({ body: changes });
    setState({ status: "signed-in", user, passkeys });
  }, []);

  const signOut = useCallback(async () => {
    await api.signOut();
    await Promise.all([forgetLocalCopies(), forgetOfflinePages()]);
    setState({ status: "signed-out" });
  }, []);

  const signedIn = useCallback(({ user, passkeys }: SessionResponse) => {
    setState({ status: "signed-in", user, passkeys });
  }, []);

  const refresh = useCallback(async () => {
    const { user, passkeys } = await api.currentSession();
    setState({ status: "signed-in", user, passkeys });
  }, []);

  return { state, signIn, updateProfile, signOut, signedIn, refresh };
}
