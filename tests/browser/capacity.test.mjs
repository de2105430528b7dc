// A crisis lead at 08:15 with half the check-ins in: on a phone, reads per queue what today's
// absence means for customers, tries a what-if, and adjusts a queue.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startApp, launchBrowser, signedIn, screenshots } from "./harness.mjs";

let app, browser;
before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  app?.stop();
});

test("the crisis lead reads the forecast per queue on a phone and sees who could move", async () => {
  const page = await signedIn(browser, app.base, "lead@demo.example", { phone: true, locale: "en-GB" });
  const context = page.context();
  await page.goto(`${app.base}/capacity`);

  const notice = await page.locator("#forecast p.notice").first().innerText();
  assert.match(notice, /of 40 have checked in/, "the range is explained");
  const phone = page.locator("#forecast article.queue-forecast", { hasText: /Telefon|Phone/ });
  const headline = await phone.locator("p.headline").innerText();
  assert.match(headline, /answered within 20 s/);
  assert.match(headline, /hang up/);
  assert.match(headline, /agents? short/);
  assert.ok(await phone.locator("svg.capacity-chart").isVisible(), "the chart is drawn");
  assert.ok((await phone.locator("ul.moves li").count()) > 0, "named people who could move");
  await page.screenshot({ path: join(screenshots, "capacity-phone.png"), fullPage: true });

  // The text alternative holds the same figures as the chart.
  await phone.locator("details.data summary").click();
  assert.ok((await phone.locator("details.data tbody tr").count()) >= 16);
  await context.close();
});

test("the what-if recomputes as it is typed, and the address can be shared", async () => {
  const page = await signedIn(browser, app.base, "lead@demo.example", { phone: false, locale: "en-GB" });
  const context = page.context();
  await page.goto(`${app.base}/capacity`);
  await page.locator("form[data-what-if-ready]").waitFor({ state: "attached" });
  await page.locator("details.what-if summary").click();
  await page.fill("#field-volume_change_pct", "40");
  await page.locator("#forecast p.what-if").waitFor();
  assert.match(page.url(), /volume_change_pct=40/);

  // Without the script the button does the same with a page load; a bad number is named.
  await page.fill("#field-absence_pct", "150");
  await page.click("form[data-what-if] button.primary");
  assert.equal(new URL(page.url()).searchParams.get("absence_pct"), "150");
  const summary = await page.locator(".error-summary").innerText();
  assert.match(summary, /Staff absence/);
  assert.equal(await page.inputValue("#field-volume_change_pct"), "40", "what was typed is kept");
  await context.close();
});

test("a queue's handle time is changed, with a mistyped number named first", async () => {
  const page = await signedIn(browser, app.base, "lead@demo.example", { phone: false, locale: "sv-SE" });
  const context = page.context();
  await page.goto(`${app.base}/capacity/queues`);
  await page.click("main a:text-matches('^(Telefon|Phone)$')");
  await page.fill("#field-aht_seconds", "fyra minuter");
  await page.click("form.card:has(#field-aht_seconds) button.primary");
  assert.match(await page.locator(".error-summary").innerText(), /hanteringstid/i);
  await page.fill("#field-aht_seconds", "300");
  await page.click("form.card:has(#field-aht_seconds) button.primary");
  assert.equal(await page.inputValue("#field-aht_seconds"), "300");
  assert.equal(await page.locator(".error-summary").count(), 0);
  await context.close();
});
