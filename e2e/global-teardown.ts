import { rm } from "node:fs/promises";

/** Deletes the run's Durable Object storage folder (see playwright.config.ts). */
export default async function globalTeardown(): Promise<void> {
  const stateDir = process.env.QUIRE_E2E_STATE_DIR;
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
}
