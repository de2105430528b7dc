// Every page, as each demo login reaches it from the menu (and the first page behind each kind of
// link on it), checked with axe-core at phone and laptop size; the public pages too. Any serious
// or critical violation fails, with the page, the size and the elements named; so does a page
// wider than the screen.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { startApp, launchBrowser, signIn } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SIZES = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desk: { viewport: { width: 1280, height: 900 } },
};
// Each login sees its own menu; a page is checked once, by the first login that has it.
const LOGINS = ["staff01@demo.example", "communicator@demo.example", "lead@demo.example", "admin@demo.example"];
// Pages behind a link (an id at the end): the first of each kind is checked too.
const DETAIL = /^\/(plan\/scenarios|plan\/actions|plan\/tasks|exercises|faq\/publications|rollcalls|admin\/users|admin\/teams|capacity\/queues|daily|faq)\/[0-9][0-9-]*(\/edit|\/history|\/ladder)?$/;
// Pages reached through buttons rather than plain links, checked as the crisis lead.
const BUTTONS = ["/readiness", "/daily/reports", "/checkins/settings", "/faq/new", "/faq/publications", "/capacity/queues",
  "/capacity/queues/new", "/plan/scenarios/new", "/plan/tasks/new", "/my-team"];
// Not pages: downloads, feeds, forms that act.
const SKIP = /\.(csv|ics|json|atom)$|\/export|\/print$|\/logout$|\/events$/;

let app, browser;
before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  app?.stop();
});

async function check(page, path, size, found) {
  const res = await page.goto(`${app.base}${path}`);
  if (!res || res.status() >= 400) {
    found.push(`${path} (${size}): answered ${res?.status()}`);
    return;
  }
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  for (const v of violations) found.push(`${path} (${size}): ${v}`);
  // On a phone nothing may widen the page: wide tables scroll inside their own box.
  const width = page.viewportSize().width;
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > width) found.push(`${path} (${size}): the page is ${wide} px wide on a ${width}-px screen`);
}

/** The menu's pages for this login, and the first page behind each kind of link on them. */
async function pagesOf(page) {
  await page.goto(`${app.base}/`);
  const menu = await page.$$eval("nav.wide a[href]", (as) => as.map((a) => a.getAttribute("href")));
  const lead = menu.includes("/daily") ? BUTTONS : [];
  const pages = [...new Set(["/", "/account", ...menu, ...lead])].filter((p) => p.startsWith("/") && !SKIP.test(p));
  const details = new Map();
  for (const p of pages) {
    await page.goto(`${app.base}${p}`);
    const links = await page.$$eval("main a[href]", (as) => as.map((a) => a.getAttribute("href")));
    for (const l of links) {
      const path = l.split(/[?#]/)[0];
      if (!DETAIL.test(path) || SKIP.test(path)) continue;
      const kind = path.replace(/\/[0-9][0-9-]*/, "/{id}");
      if (!details.has(kind)) details.set(kind, path);
    }
  }
  return [...pages, ...details.values()];
}

test("every page has no serious or critical accessibility violation, on a phone and a laptop", async () => {
  const found = [];
  const seen = new Set();
  for (const email of LOGINS) {
    const context = await browser.newContext({ locale: "en-GB", ...SIZES.desk });
    const page = await context.newPage();
    await signIn(page, app.base, email);
    const mine = (await pagesOf(page)).filter((p) => !seen.has(p));
    mine.forEach((p) => seen.add(p));
    for (const [size, options] of Object.entries(SIZES)) {
      const sized = await browser.newContext({ locale: "en-GB", storageState: await context.storageState(), ...options });
      const p = await sized.newPage();
      for (const path of mine) await check(p, path, `${size}, ${email}`, found);
      await sized.close();
    }
    await context.close();
  }
  console.log(`checked ${seen.size} pages: ${[...seen].join(" ")}`);
  assert.ok(seen.size >= 45, `only ${seen.size} pages were reached: ${[...seen].join(" ")}`);
  // The public pages, as a reader without an account sees them.
  for (const [size, options] of Object.entries(SIZES)) {
    const context = await browser.newContext({ locale: "sv-SE", ...options });
    const page = await context.newPage();
    for (const path of ["/login", "/p/demo/faq", "/p/demo-en/faq", "/p/demo/embed"]) await check(page, path, size, found);
    await page.goto(`${app.base}/p/demo/faq`);
    const answer = await page.$eval("main a[href*='/faq/']", (a) => a.getAttribute("href")).catch(() => null);
    if (answer) await check(page, answer, size, found);
    await context.close();
  }
  assert.deepEqual(found, [], `accessibility problems:\n${found.join("\n")}`);
});
