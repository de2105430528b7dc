// The first journey: the demo admin signs in and sees the dashboard in Swedish and English.
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

for (const [locale, greeting, nav] of [
  ["sv-SE", "Hej Alva Admin", "Personer"],
  ["en-GB", "Hello, Alva Admin", "People"],
]) {
  test(`the demo admin signs in and sees the dashboard in ${locale}`, async () => {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const scriptErrors = [];
    page.on("pageerror", (e) => scriptErrors.push(e.message));

    await signIn(page, app.base, "admin@demo.example");

    assert.equal(new URL(page.url()).pathname, "/");
    assert.equal(await page.locator("h1").innerText(), greeting);
    assert.ok((await page.locator("header nav.wide").textContent()).includes(nav));
    assert.equal(await page.getAttribute("html", "lang"), locale.slice(0, 2));
    await page.screenshot({ path: join(screenshots, `dashboard-${locale}.png`), fullPage: true });
    assert.deepEqual(scriptErrors, []);
    await context.close();
  });
}

test("a wrong password keeps the email and says what is wrong, on a phone", async () => {
  const context = await browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 }, isMobile: true });
  const page = await context.newPage();

  await signIn(page, app.base, "admin@demo.example", "not the password");

  assert.equal(await page.inputValue("#field-email"), "admin@demo.example");
  assert.match(await page.locator(".error-summary").innerText(), /email or password is wrong/);
  await page.screenshot({ path: join(screenshots, "login-error-phone.png"), fullPage: true });
  await context.close();
});
