/**
 * Data jurisdictions: where a workspace's Durable Objects may run and store
 * data. The names are Cloudflare's (`namespace.jurisdiction(name)`); the list
 * is the one the Durable Objects data-location reference documents.
 */
export const JURISDICTIONS = ["eu", "us", "fedramp"] as const;

export type Jurisdiction = (typeof JURISDICTIONS)[number];

/** What a person reads for each jurisdiction. */
export const JURISDICTION_LABELS: Record<Jurisdiction, string> = {
  eu: "European Union",
  us: "United States",
  fedramp: "FedRAMP",
};

/** True when `value` names a jurisdiction Quire offers. */
export function isJurisdiction(value: string): value is Jurisdiction {
  return (JURISDICTIONS as readonly string[]).includes(value);
}
