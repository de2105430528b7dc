// A crisis lead builds a scenario in the browser: the scenario, a level, an action, and sees it
// on the risk matrix; then sets the level by hand and sees it on the dashboard.
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

test("a crisis lead creates a scenario, adds a level and an action, and sees it on the matrix", async () => {
  const page = await signedIn(browser, app.base, "lead@demo.example", { phone: false, locale: "en-GB" });
  const context = page.context();

  await page.goto(`${app.base}/plan/scenarios/new`);
  await page.fill("#field-title", "Regional power cut");
  await page.selectOption("#field-probability", "4");
  await page.selectOption("#field-consequence", "5");
  await page.selectOption("#field-metric", "manual");
  await page.click("form.card button.primary");

  // Straight to the ladder: one level.
  assert.match(page.url(), /\/ladder$/);
  await page.locator("input[name=name]").first().fill("Outage");
  await page.locator("input[name=trigger_value]").first().fill("1");
  await page.click("form.card button.primary");

  assert.match(page.url(), /\/plan\/scenarios\/\d+$/);
  await page.click("text=Add an action >> nth=0");
  await page.fill("#field-title", "Switch the phones to the backup line");
  await page.selectOption("#field-area", "technology");
  await page.click("form.card button.primary");
  assert.ok(await page.locator("#actions").getByText("Switch the phones to the backup line").isVisible());

  await page.goto(`${app.base}/plan`);
  const cell = page.locator("table.matrix tr", { hasText: "C 5" }).locator("td").nth(3);
  assert.ok((await cell.innerText()).includes("Regional power cut"), "listed at P4 × C5");
  await page.screenshot({ path: join(screenshots, "plan-register.png"), fullPage: true });

  await page.click("table.matrix >> text=Regional power cut");
  await page.click("text=Set the level by hand");
  await page.selectOption("#field-level_id", { label: "Outage" });
  await page.fill("#field-reason", "Grid operator confirms a regional outage");
  await page.click("details.manual button.primary");
  assert.ok((await page.locator(".current-level").innerText()).includes("Outage"));
  await page.screenshot({ path: join(screenshots, "plan-scenario.png"), fullPage: true });

  await page.goto(`${app.base}/`);
  const dashboard = await page.locator("main").innerText();
  assert.ok(dashboard.includes("Regional power cut") && dashboard.includes("Outage"));
  await context.close();
});

test("the demo organisation already has the four standard scenarios, in Swedish", async () => {
  const page = await signedIn(browser, app.base, "member@demo.example", { phone: true, locale: "sv-SE" });
  const context = page.context();
  await page.goto(`${app.base}/plan`);
  const rows = await page.locator("main table").first().locator("tbody tr").count();
  assert.ok(rows >= 4, `${rows} scenarios`);
  assert.ok((await page.locator("h1").innerText()).includes("Scenarioregister"));
  await page.screenshot({ path: join(screenshots, "plan-register-phone-sv.png"), fullPage: true });
  await context.close();
});
