// A staff member completes the home-working checklist on a phone; the crisis lead sees readiness.
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

test("a staff member completes the home-working checklist on a phone", async () => {
  // Most of the demo's staff have answered; staff36 has not yet.
  const lead = await (await browser.newContext({ locale: "en-GB" })).newPage();
  await signIn(lead, app.base, "lead@demo.example");
  await lead.goto(`${app.base}/readiness`);
  const readyBefore = parseInt(await lead.locator(".figure").nth(1).innerText(), 10);

  const page = await signedIn(browser, app.base, "staff36@demo.example", { phone: true, locale: "en-GB" });
  const context = page.context();
  await page.goto(`${app.base}/home-working`);

  // Answer a few, save, and come back later.
  const questions = page.locator("fieldset.question");
  const n = await questions.count();
  assert.ok(n >= 10, `${n} questions`);
  await questions.nth(0).locator("input[type=radio]").first().check();
  await page.click("button[value=save]");
  await page.locator("p.notice", { hasText: "questions left" }).waitFor();

  for (let i = 0; i < n; i++) {
    const q = questions.nth(i);
    if (await q.locator("input[type=radio]").count()) {
      await q.locator("input[type=radio]").first().check();
    } else if (await q.locator("input[type=number]").count()) {
      await q.locator("input[type=number]").fill("50");
    } else {
      await q.locator("input").first().fill("IT service desk, 010-123 45 67");
    }
  }
  await page.click("button[value=submit]");
  await page.locator("p.notice", { hasText: "You are ready to work from home." }).waitFor();
  await page.screenshot({ path: join(screenshots, "checklist-phone.png"), fullPage: true });
  await context.close();

  await lead.reload();
  const readyAfter = parseInt(await lead.locator(".figure").nth(1).innerText(), 10);
  assert.equal(readyAfter, readyBefore + 1, "one more person ready");
});
