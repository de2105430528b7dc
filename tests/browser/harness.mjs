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

/** The demo's two organisations by slug, as the organisation switcher names them. */
export const DEMO_ORGS = { demo: "Demo Kundservice", "demo-en": "Demo Customer Service" };

/**
 * Signs in from the sign-in page. Everyone is in both demo organisations; the page then works
 * in `org`, by default the one in the browser's language (Swedish: `demo`, else `demo-en`),
 * switched to through the organisation switcher as a person would, so a journey does not
 * depend on which organisation another journey used last.
 */
export async function signIn(page, base, email, password = "demo-password", org) {
  await page.goto(`${base}/login`);
  await page.fill("#field-email", email);
  await page.fill("#field-password", password);
  await page.click("button[type=submit].primary");
  await page.waitForLoadState("domcontentloaded");
  if (new URL(page.url()).pathname === "/login") return; // refused: the caller looks at why
  const landed = page.url();
  const wanted = org ?? ((await page.evaluate(() => navigator.language)).startsWith("sv") ? "demo" : "demo-en");
  const switching = await page.evaluate((name) => {
    const select = document.querySelector("form.org-switch select");
    const option = select && [...select.options].find((o) => o.textContent.trim() === name);
    if (!option || option.selected) return false;
    select.value = option.value;
    return true;
  }, DEMO_ORGS[wanted]);
  if (switching) {
    await Promise.all([
      page.waitForNavigation(),
      page.evaluate(() => document.querySelector("form.org-switch").submit()),
    ]);
    await page.goto(landed);
  }
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
export async function signedIn(browser, base, email, { phone = false, locale, org } = {}) {
  const page = phone ? await phonePage(browser, locale ?? "sv-SE") : await deskPage(browser, locale ?? "en-GB");
  await signIn(page, base, email, "demo-password", org);
  return page;
}

// A small SMTP peer on loopback that keeps every message it accepts.
export function smtpPeer() {
  const messages = [];
  const server = createServer((socket) => {
    let data = false, buffer = "", current = { to: [], body: "" };
    socket.write("220 peer ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let i;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data) {
          if (line === ".") {
            data = false;
            messages.push(current);
            current = { to: [], body: "" };
            socket.write("250 queued\r\n");
          } else current.body += (line.startsWith(".") ? line.slice(1) : line) + "\n";
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 peer\r\n");
        else if (verb === "RCPT") { current.to.push(line.replace(/.*<(.*)>.*/, "$1")); socket.write("250 ok\r\n"); }
        else if (verb === "DATA") { data = true; socket.write("354 go on\r\n"); }
        else if (verb === "QUIT") { socket.write("221 bye\r\n"); socket.end(); }
        else socket.write("250 ok\r\n");
      }
    });
    socket.on("error", () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ port: server.address().port, messages, close: () => server.close() })),
  );
}

export async function until(what, check, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/**
 * The demo with an SMTP peer on loopback and a browser, started before a file's journeys and
 * stopped after them: `const world = withMailAndBrowser();` then `world.app`, `world.smtp`,
 * `world.browser` inside the tests.
 */
export function withMailAndBrowser(before, after) {
  const world = {};
  before(async () => {
    world.smtp = await smtpPeer();
    world.app = await startApp({ SMTP_URL: `smtp://127.0.0.1:${world.smtp.port}` });
    world.browser = await launchBrowser();
  });
  after(async () => {
    await world.browser?.close();
    world.app?.stop();
    world.smtp?.close();
  });
  return world;
}
