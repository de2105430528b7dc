// Starts Beredskap with the demo data on a free loopback port and a browser to drive it.
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..", "..");
export const screenshots = join(here, "screenshots");
mkdirSync(screenshots, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function startApp(extraEnv = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "beredskap-browser-"));
  const binary = process.env.BEREDSKAP_BIN || join(root, "target", "debug", "beredskap");
  const env = {
    ...process.env,
    BIND: `127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    BEREDSKAP_DEMO: "1",
    ...extraEnv,
  };
  delete env.DATABASE_URL; // always the embedded default here
  const child = spawn(binary, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return { base, stop: () => child.kill("SIGTERM"), output: () => output };
    } catch {}
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`Beredskap did not start:\n${output}`);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

export async function signIn(page, base, email, password = "demo-password") {
  await page.goto(`${base}/login`);
  await page.fill("#field-email", email);
  await page.fill("#field-password", password);
  await page.click("button[type=submit].primary");
  await page.waitForLoadState("domcontentloaded");
}

/** A phone-sized page (390×844, touch), in a browser context of its own. */
export async function phonePage(browser, locale = "sv-SE") {
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

/** A laptop-sized page (1280×900), in a browser context of its own. */
export async function deskPage(browser, locale = "en-GB") {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** A page of the given size already signed in as one of the demo logins. */
export async function signedIn(browser, base, email, { phone = false, locale } = {}) {
  const page = phone ? await phonePage(browser, locale ?? "sv-SE") : await deskPage(browser, locale ?? "en-GB");
  await signIn(page, base, email);
  return page;
}
