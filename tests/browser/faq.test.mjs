// A communicator publishes an urgent answer; a member of the public with the FAQ page open in
// another browser sees it appear without reloading.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startApp, launchBrowser, signIn, screenshots } from "./harness.mjs";

let app, browser;
before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  app?.stop();
});

test("an urgent answer appears on an open public page without a reload", async () => {
  // The public reader, on a phone, with the page open.
  const readerCtx = await browser.newContext({ locale: "sv-SE", viewport: { width: 390, height: 844 }, isMobile: true });
  const reader = await readerCtx.newPage();
  const readerErrors = [];
  reader.on("pageerror", (e) => readerErrors.push(e.message));
  await reader.goto(`${app.base}/p/demo/faq`);
  assert.match(await reader.locator("h1").innerText(), /Demo Kundservice/);
  assert.ok((await reader.locator(".faq-answers").innerText()).includes("Har ni öppet som vanligt?"));
  await reader.waitForSelector("[data-events-ready=true]");
  let reloaded = false;
  reader.on("framenavigated", (f) => { if (f === reader.mainFrame()) reloaded = true; });

  // The communicator, on a laptop, writes and publishes once.
  const deskCtx = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
  const desk = await deskCtx.newPage();
  await signIn(desk, app.base, "communicator@demo.example", "demo-password", "demo");
  await desk.goto(`${app.base}/faq/new`);
  await desk.fill("#field-question", "Is the phone line down?");
  await desk.fill("#field-answer", "Yes. **Use the chat** until 15:00; we are on it.");
  await desk.fill("#field-category", "Driftstörning");
  await desk.click("button[value=publish]");
  await desk.waitForURL(/\/faq\/publications\/\d+/);
  await desk.waitForFunction(() => document.querySelector("progress")?.value === 100, null, { timeout: 15000 });
  await desk.screenshot({ path: join(screenshots, "faq-delivery-board.png"), fullPage: true });

  // The reader's page shows it by itself.
  await reader.waitForFunction(
    () => document.querySelector(".faq-answers")?.innerText.includes("Is the phone line down?"),
    null,
    { timeout: 15000 },
  );
  assert.ok((await reader.locator(".faq-answers").innerHTML()).includes("<strong>Use the chat</strong>"));
  assert.equal(reloaded, false, "the page must update in place");
  assert.equal(new URL(reader.url()).pathname, "/p/demo/faq");
  await reader.screenshot({ path: join(screenshots, "faq-public-live.png"), fullPage: true });
  assert.deepEqual(readerErrors, []);
  await readerCtx.close();
  await deskCtx.close();
});
