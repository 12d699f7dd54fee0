import { contract } from "../../shared/api/contract.ts";
import { DEFAULT_LOCK_SECONDS } from "../../shared/api/lock.ts";
import { unwrap } from "../lib/outcome.ts";
import { type Route, route } from "../router.ts";
import { enterFile } from "./access.ts";

/**
 * What a file's document answers over HTTP besides its history: its lock
 * (the document checks the role and the holder) and what it stores.
 */
export const documentRoutes: Route[] = [
  route(contract.lockState, async (route) => {
    const { document } = await enterFile(route);
    return { lock: await document.lockState() };
  }),
  route(contract.lock, async (route) => {
    const { document, caller, where } = await enterFile(route);
    const { leaseSeconds = DEFAULT_LOCK_SECONDS } = await route.body();
    return { lock: unwrap(await document.lock(caller, leaseSeconds * 1000, { where })) };
  }),
  route(contract.renewLock, async (route) => {
    const { document, caller, where } = await enterFile(route);
    const { leaseSeconds = DEFAULT_LOCK_SECONDS } = await route.body();
    const renewed = await document.lock(caller, leaseSeconds * 1000, { renewOnly: true, where });
    return { lock: unwrap(renewed) };
  }),
  route(contract.unlock, async (route) => {
    const { document, caller, where } = await enterFile(route);
    unwrap(await document.unlock(caller, where));
  }),
  route(contract.storageStats, async (route) => {
    const { document } = await enterFile(route);
    return await document.storageStats();
  }),
];
