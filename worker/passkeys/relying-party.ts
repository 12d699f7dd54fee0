/**
 * The passkeys' relying party (issue 18), from `wrangler.jsonc` vars: the RP
 * id a credential is bound to, the name authenticators show, and the origins
 * a ceremony may come from. README, Passkeys, says how to set them for a deploy.
 */
export interface RelyingParty {
  id: string;
  name: string;
  /** Whether a ceremony's `clientDataJSON.origin` is one of ours. */
  allowsOrigin: (origin: string) => boolean;
}

export function relyingParty(env: Env): RelyingParty {
  const id = env.WEBAUTHN_RP_ID;
  const listed = env.WEBAUTHN_ORIGINS.split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return {
    id,
    name: env.WEBAUTHN_RP_NAME,
    allowsOrigin(origin) {
      if (listed.length > 0) return listed.includes(origin);
      // Unlisted: the RP id's own host on any port (the dev server's port is
      // picked per run). Browsers allow plain http for localhost only.
      try {
        const url = new URL(origin);
        return url.hostname === id && url.origin === origin;
      } catch {
        return false;
      }
    },
  };
}
