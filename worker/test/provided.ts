/** The editing traces the workers tests replay (read in Node by global-setup.ts). */
export const TRACE_NAMES = ["sveltecomponent", "rustcode"] as const;

/** A real editing trace from bench/traces (format in its README). */
export interface EditingTrace {
  endContent: string;
  txns: { patches: [number, number, string][] }[];
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Each trace's JSON text, by name. */
    traces: Record<(typeof TRACE_NAMES)[number], string>;
  }
}
