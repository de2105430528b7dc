// Staff check in on a phone; the crisis lead sees it on the board and runs the daily check-in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startApp, launchBrowser, signIn, signedIn, screenshots } from "./harness.mjs";

let app, browser;
before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  app?.stop();
});

test("a staff member checks in on a phone with one tap, then says how they feel", async () => {
  const page = await signedIn(browser, app.base, "staff05@demo.example", { phone: true, locale: "sv-SE" });
  const context = page.context();
  assert.equal(new URL(page.url()).pathname, "/checkin", "staff land on the check-in page");

  await page.tap("button.status-child_care");
  await page.locator("p.notice", { hasText: "Vård av barn" }).waitFor();
  await page.tap(".wellbeing button >> nth=3");
  await page.locator("p.notice", { hasText: "4 av 5" }).waitFor();
  assert.ok(await page.locator("button.status-child_care.chosen").isVisible(), "today's choice is marked");
  await page.screenshot({ path: join(screenshots, "checkin-phone-sv.png"), fullPage: true });
  await context.close();
});

test("the crisis lead sees the absence and runs the daily check-in to a printable report", async () => {
  const page = await signedIn(browser, app.base, "lead@demo.example", { phone: false, locale: "en-GB" });
  const context = page.context();

  await page.goto(`${app.base}/checkins`);
  const board = await page.locator("#board-live").innerText();
  assert.match(board, /Not checked in/);
  assert.ok((await page.locator("#people").innerText()).includes("Caring for a child"), "the lead sees who is away");
  await page.screenshot({ path: join(screenshots, "absence-board.png"), fullPage: true });

  await page.goto(`${app.base}/daily`);
  assert.ok((await page.locator(".since").innerText()).includes("Absence"));
  await page.fill("#field-situation", "Flu wave reported by the regional health authority.");
  await page.check("label.rag-amber input");
  await page.fill("#field-calls", "1450");
  await page.fill("#field-mails", "320");
  await page.fill("#field-decisions", "Open the overflow line from 10:00.");
  await page.click("form.daily button.primary");

  assert.match(page.url(), /\/daily\/\d{4}-\d{2}-\d{2}$/);
  const report = await page.locator("article.report").innerText();
  assert.ok(report.includes("Open the overflow line from 10:00.") && report.includes("Amber"));
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: join(screenshots, "daily-report-print.png"), fullPage: true });
  await context.close();
});
