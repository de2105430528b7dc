// The questions people ask: a member of staff on a phone tallies an answer and files a new
// question; a reader says an answer did not help; the communicator turns the top question into a
// published answer from the board; and the FAQ renders, live, on the organisation's own website
// served from another loopback origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { startApp, launchBrowser, signedIn, phonePage, screenshots } from "./harness.mjs";

let app, browser;
before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  app?.stop();
});

const QUESTION = "Kan jag betala fakturan senare i år?";

test("staff tally an answer and file a new question on a phone", async () => {
  const page = await signedIn(browser, app.base, "staff01@demo.example", { phone: true });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${app.base}/knowledge`);
  const first = page.locator("form.tally").first();
  await first.locator("select").selectOption("chat");
  await first.locator("button").click();
  await page.waitForURL(/tallied=/);
  // The demo's staff have asked it before today; the count says how many times.
  assert.match(await page.locator("form.tally [role=status]").innerText(), /\d/);
  // The channel is remembered: the next tap is one tap.
  assert.equal(await page.locator("form.tally select").first().inputValue(), "chat");

  // One field, one tap.
  await page.fill("#field-text", QUESTION);
  await page.locator("section.ask button[type=submit]").click();
  await page.waitForURL(/filed=/);
  assert.ok((await page.locator(".notice[role=status]").innerText()).includes(QUESTION));
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);
  await page.screenshot({ path: join(screenshots, "questions-staff-phone.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a reader says an answer did not help, with a reason, without JavaScript needed", async () => {
  const reader = await phonePage(browser);
  await reader.goto(`${app.base}/p/demo/faq`);
  const form = reader.locator("article.faq-entry form.feedback").first();
  await form.locator("summary").click();
  await form.locator("textarea").fill("Det står inte vad som gäller på helgen.");
  await form.locator("button[value=no]").click();
  await reader.waitForURL(/\/feedback$/);
  assert.equal(reader.url().endsWith("/feedback"), true);
  assert.ok((await reader.locator("main [role=status]").innerText()).length > 0);
  const cookies = await reader.context().cookies();
  assert.deepEqual(cookies, [], "no cookie is set for a reader");
  await reader.context().close();
});

test("the communicator turns the top question into a published answer", async () => {
  const desk = await signedIn(browser, app.base, "communicator@demo.example", { org: "demo" });
  await desk.goto(`${app.base}/questions`);
  const row = desk.locator("#unanswered tr", { hasText: QUESTION });
  await row.locator("a.button").click();
  await desk.waitForURL(/\/faq\/new\?/);
  assert.equal(await desk.inputValue("#field-question"), QUESTION);
  await desk.fill("#field-answer", "Ja. Betalningar som förfaller under störningen kan vänta **30 dagar** utan avgift.");
  await desk.click("button[value=publish]");
  await desk.waitForURL(/\/faq\/publications\/\d+/);
  await desk.goto(`${app.base}/questions`);
  assert.equal(await desk.locator("#unanswered tr", { hasText: QUESTION }).count(), 0);
  assert.ok((await desk.locator("#answered").innerText()).includes(QUESTION));
  // The verdict from the reader is on the board with its reason.
  assert.ok((await desk.locator("#answers").innerText()).includes("Det står inte vad som gäller på helgen."));
  await desk.screenshot({ path: join(screenshots, "questions-board.png"), fullPage: true });
  await desk.context().close();
});

test("the FAQ renders, live, on the organisation's own site", async () => {
  // The organisation's website: another origin on loopback, with the two lines pasted in.
  const site = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="sv"><head><title>Kommunen</title>
      <style>body{font-family:Georgia,serif;max-width:40rem;margin:1rem auto}</style></head>
      <body><h1>Kommunen</h1><div data-beredskap-faq></div>
      <script src="${app.base}/p/demo/widget.js" async></script></body></html>`);
  });
  await new Promise((r) => site.listen(0, "127.0.0.1", r));
  const siteUrl = `http://127.0.0.1:${site.address().port}/`;
  try {
    const reader = await phonePage(browser);
    const errors = [];
    reader.on("pageerror", (e) => errors.push(e.message));
    reader.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await reader.goto(siteUrl);
    await reader.waitForSelector("[data-bfaq-ready=true]", { timeout: 15000 });
    assert.ok((await reader.locator(".bfaq-list").innerText()).includes("Har ni öppet som vanligt?"));
    const fonts = await reader.evaluate(() => [getComputedStyle(document.body).fontFamily, getComputedStyle(document.querySelector(".bfaq")).fontFamily]);
    assert.equal(fonts[1], fonts[0], "the widget inherits the host page's font");
    assert.ok(await reader.locator(".bfaq label[for^=bfaq-q-]").count() > 0, "the search has a label");

    // Searching filters at once.
    await reader.fill(".bfaq input[type=search]", "öppet");
    assert.ok((await reader.locator(".bfaq-list").innerText()).includes("Har ni öppet som vanligt?"));
    await reader.fill(".bfaq input[type=search]", "");

    // A new answer appears on the other site without a reload.
    const desk = await signedIn(browser, app.base, "communicator@demo.example", { org: "demo" });
    await desk.goto(`${app.base}/faq/new`);
    await desk.fill("#field-question", "Fungerar e-tjänsterna?");
    await desk.fill("#field-answer", "Ja, alla e-tjänster fungerar som vanligt.");
    await desk.click("button[value=publish]");
    await desk.waitForURL(/\/faq\/publications\/\d+/);
    await reader.waitForFunction(
      () => document.querySelector(".bfaq-list")?.innerText.includes("Fungerar e-tjänsterna?"),
      null,
      { timeout: 15000 },
    );
    // A verdict from the widget reaches Beredskap across origins.
    const entry = reader.locator("details.bfaq-entry", { hasText: "Fungerar e-tjänsterna?" });
    await entry.locator("summary").click();
    await entry.locator(".bfaq-feedback button").first().click();
    await reader.waitForFunction(() => [...document.querySelectorAll(".bfaq-feedback")].some((b) => /Tack/.test(b.textContent)), null, { timeout: 10000 });
    await reader.screenshot({ path: join(screenshots, "questions-widget.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await desk.context().close();
    await reader.context().close();
  } finally {
    site.close();
  }
});
