// Makes sure the Chromium that playwright.config.ts points at exists before
// Playwright starts: `npx playwright install` cannot download browsers on
// this project's machines, so the system package is the way to get one.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

if (!existsSync(executablePath)) {
  const canInstall =
    !process.env.CHROMIUM_PATH &&
    typeof process.getuid === "function" &&
    process.getuid() === 0 &&
    existsSync("/usr/bin/apt-get");
  if (!canInstall) {
    console.error(
      `Chromium not found at ${executablePath}: run \`sudo apt-get install chromium\` or set CHROMIUM_PATH`,
    );
    process.exit(1);
  }
  console.log(
    `Chromium not found at ${executablePath}; installing it with apt-get (running as root).`,
  );
  execSync("apt-get update && apt-get install -y chromium", { stdio: "inherit" });
  if (!existsSync(executablePath)) {
    console.error(`apt-get finished but ${executablePath} is still missing; set CHROMIUM_PATH.`);
    process.exit(1);
  }
}
