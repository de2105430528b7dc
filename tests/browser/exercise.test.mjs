// Running a crisis and rehearsing one: a scribe on duty logs a decision on a phone; a crisis
// lead runs an exercise from its start to the after-action review, and the public page and
// feed never change.
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

async function publicFace() {
  const page = await (await fetch(`${app.base}/p/demo/faq`)).text();
  const feed = await (await fetch(`${app.base}/p/demo/faq.atom`)).text();
  const json = await (await fetch(`${app.base}/p/demo/faq.json`)).text();
  return { page, feed, json };
}

test("the scribe on duty logs a decision on a phone", async () => {
  // The crisis lead hands the scribe's role to Mats for the night.
  const lead = await signedIn(browser, app.base, "lead@demo.example", { locale: "en-GB", org: "demo" });
  await lead.goto(`${app.base}/duty`);
  await lead.selectOption("#duty-scribe-user", { label: "Mats Medlem" });
  await lead.fill("#duty-scribe-note", "Night shift: the phone supplier calls back at 02.");
  await lead.click("#duty-scribe button.primary");
  assert.ok((await lead.locator("#duty-scribe").innerText()).includes("Mats Medlem"));
  await lead.context().close();

  const page = await signedIn(browser, app.base, "member@demo.example", { phone: true });
  const strip = await page.locator(".on-duty").innerText();
  assert.ok(strip.includes("Sekreterare") && strip.includes("Mats Medlem"), strip);
  await page.goto(`${app.base}/log`);
  await page.fill("#field-text", "Chatten stänger 18:00 i dag; telefonen öppen till 20:00.");
  await page.selectOption("#field-kind", "decision");
  await page.click("form.card button.primary");
  const first = page.locator("ol.log li").first();
  const text = await first.innerText();
  assert.ok(text.includes("Chatten stänger 18:00") && text.includes("Beslut"), text);
  assert.ok((await page.locator("ol.log").innerText()).includes("Överlämning, Sekreterare"), "the handover is in the log");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the log fits the phone (${width}px)`);
  await page.screenshot({ path: join(screenshots, "log-phone.png"), fullPage: true });
  // The whole plan reads on the phone too: wide tables scroll in their own box.
  await page.goto(`${app.base}/plan/print`);
  assert.ok(await page.locator(".scenario-sheet").count() >= 4);
  const printWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(printWidth <= 390, `the printable plan fits the phone (${printWidth}px)`);
  await page.context().close();
});

test("a crisis lead runs an exercise to its review and the public page never changes", async () => {
  const before = await publicFace();
  const page = await signedIn(browser, app.base, "lead@demo.example", { locale: "en-GB", org: "demo" });
  await page.goto(`${app.base}/exercises`);
  const scenario = await page.locator("#field-scenario_id option").nth(1).innerText();
  await page.selectOption("#field-scenario_id", { index: 1 });
  await page.fill("#field-title", "Winter drill");
  await page.fill("#field-injects", "+0 The phone supplier reports an outage\n+240 The press calls");
  await page.click("form.card button.primary");
  assert.match(page.url(), /\/exercises\/\d+$/);
  assert.ok((await page.locator(".exercise-banner").innerText()).includes("EXERCISE"));
  assert.ok((await page.locator("ol.log").innerText()).includes("The phone supplier reports an outage"), "the first inject came at the start");
  assert.ok((await page.locator("main").innerText()).includes("1 inject still to come"));

  await page.selectOption("#field-level_id", { index: 2 });
  await page.click("text=Set the exercise level");
  await page.fill("#field-text", "Route all calls to the backup number.");
  await page.click("text=Add to the log");
  await page.fill("#field-question", "Can I call you today?");
  await page.fill("#field-answer", "Yes, on the backup number 08-123 45 67.");
  await page.click("text=Publish to the exercise");
  const log = await page.locator("ol.log").innerText();
  assert.ok(log.includes("Exercise level:") && log.includes("Route all calls") && log.includes("Published in the exercise:"), log);
  await page.screenshot({ path: join(screenshots, "exercise-running.png"), fullPage: true });

  // The real world did not move: no banner, the scenario's level, the public face.
  await page.goto(`${app.base}/`);
  assert.equal(await page.locator(".banner:not(.reminder)").count(), 0, "no level banner");
  assert.deepEqual(await publicFace(), before, "the public page, feed and JSON are unchanged");

  await page.goBack();
  await page.click("text=End the exercise");
  await page.fill("#field-worked", "Quick decisions; everyone reachable.");
  await page.fill("#field-did_not_work", "Nobody had the backup number at hand.");
  await page.locator("input[name=lesson_text]").first().fill("Print the backup number on every desk");
  await page.locator("select[name=lesson_owner]").first().selectOption({ label: "Mats Medlem" });
  await page.locator("input[name=lesson_text]").nth(1).fill("Add backup routing to the plan");
  await page.locator("select[name=lesson_kind]").nth(1).selectOption("plan_change");
  await page.locator("select[name=lesson_owner]").nth(1).selectOption({ label: "Karin Krisledare" });
  await page.click("text=Save the review");
  const review = await page.locator("section.review").innerText();
  assert.ok(review.includes("Print the backup number on every desk") && review.includes("A change to the plan"), review);
  const heading = await page.locator("h1").innerText();
  assert.ok(heading.includes("Reviewed"), heading);
  await page.screenshot({ path: join(screenshots, "exercise-review.png"), fullPage: true });
  await page.click("section.review >> text=Print the backup number on every desk");
  const origin = await page.inputValue("#field-description");
  assert.ok(origin.includes("Winter drill"), `the action says where it came from: ${origin}`);

  await page.goto(`${app.base}/plan`);
  const row = await page.locator("tr", { hasText: scenario }).first().innerText();
  assert.ok(/\d{1,2} \w{3}\.? \d{4}/.test(row), `the register shows when it was exercised: ${row}`);
  assert.deepEqual(await publicFace(), before, "still unchanged after the review");
  await page.context().close();
});
