// The README's "first crisis morning", step by step, as each demo login takes it: every claim
// the walkthrough makes is checked here, and the screenshots beside it are taken on the way.
// `bash scripts/screenshots.sh` runs this file with README_SHOTS=1 to refresh docs/screenshots;
// otherwise they go to tests/browser/screenshots like every other journey's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { signedIn, screenshots, root, withMailAndBrowser } from "./harness.mjs";

const out = process.env.README_SHOTS ? join(root, "docs", "screenshots") : screenshots;
mkdirSync(out, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(out, name), fullPage: false });

const world = withMailAndBrowser(before, after);

test("1. a member of staff checks in on a phone and sees the day's level and answers", async () => {
  const page = await signedIn(world.browser, world.app.base, "staff38@demo.example", { phone: true, locale: "en-GB" });
  assert.equal(new URL(page.url()).pathname, "/checkin", "staff land on their check-in");
  await page.click("button.status-remote");
  await page.waitForURL(/\/checkin/);
  assert.match(await page.locator("p.notice[role=status]").innerText(), /Working remotely/);
  const news = await page.locator("section.news").innerText();
  assert.match(news, /High sickness and absence among staff: Serious/, "today's level");
  assert.match(news, /Latest answers/);
  await shot(page, "checkin-phone.png");
  // Everything else is behind one button, two taps away.
  await page.click("details.phone-menu > summary");
  assert.ok(await page.locator("details.phone-menu nav a[href='/knowledge']").isVisible());
  await page.context().close();
});

test("2. the crisis lead's start page tells the crisis at a glance", async () => {
  const page = await signedIn(world.browser, world.app.base, "lead@demo.example", { locale: "en-GB" });
  assert.equal(new URL(page.url()).pathname, "/");
  const main = await page.locator("main").innerText();
  assert.match(main, /Absence today\s+\d+(\.\d)?\s%/, "today's absence");
  assert.match(main, /High sickness and absence among staff\s+Serious/, "the level in force");
  assert.match(main, /Overdue actions/);
  assert.match(main, /Capacity today/);
  assert.match(main, /\d+ of \d+ delivered/, "the latest publications with their delivery");
  await shot(page, "crisis-dashboard.png");

  // The daily check-in is in the menu under Today, and so is the forecast.
  await page.click("nav.wide summary:text('Today')");
  await page.click("nav.wide a[href='/daily']");
  assert.equal(new URL(page.url()).pathname, "/daily");
  await page.goto(`${world.app.base}/capacity`);
  const phoneQueue = page.locator("#forecast article.queue-forecast", { hasText: "Phone" });
  assert.match(await phoneQueue.locator("p.headline").innerText(), /agents? short/);
  assert.ok((await phoneQueue.locator("ul.moves li").count()) > 0, "who could move");
  await phoneQueue.scrollIntoViewIfNeeded();
  await shot(page, "capacity-forecast.png");
  await page.context().close();
});

test("3. the communicator publishes once and the delivery board fills in by itself", async () => {
  const page = await signedIn(world.browser, world.app.base, "communicator@demo.example", { locale: "en-GB" });
  const desk = await page.locator("main").innerText();
  assert.match(desk, /Your desk/);
  assert.match(desk, /Asked most today/);
  await page.click("a.button.primary[href='/faq/new']");
  await page.fill("#field-question", "Is the phone line open this afternoon?");
  await page.fill("#field-answer", "Yes, from 13:00 to 16:00. **The chat** answers faster.");
  await page.fill("#field-category", "Opening hours");
  await page.click("button[value=publish]");
  await page.waitForURL(/\/faq\/publications\/\d+$/);
  await page.waitForFunction(() => document.querySelector("progress")?.value === 100, null, { timeout: 30000 });
  assert.ok(world.smtp.messages.length > 0, "subscribers were mailed");
  await shot(page, "delivery-board.png");
  await page.context().close();

  // The public page has the answer, in the organisation's words.
  const ctx = await world.browser.newContext({ locale: "en-GB", viewport: { width: 390, height: 844 }, isMobile: true });
  const pub = await ctx.newPage();
  await pub.goto(`${world.app.base}/p/demo-en/faq`);
  assert.match(await pub.locator("main").innerText(), /Is the phone line open this afternoon\?/);
  // A reader searches for it.
  await pub.fill("main input[type=search], main input[name=q]", "phone line");
  await pub.click("main form button[type=submit]");
  await pub.waitForLoadState("domcontentloaded");
  assert.match(await pub.locator(".faq-answers").innerText(), /Is the phone line open this afternoon\?/);
  await shot(pub, "public-faq-phone.png");
  await ctx.close();
});

test("4. the admin reads the audit trail in words", async () => {
  const page = await signedIn(world.browser, world.app.base, "admin@demo.example", { locale: "en-GB" });
  await page.goto(`${world.app.base}/admin/audit`);
  assert.match(
    await page.locator("ol.audit-trail").innerText(),
    /Kim Kommunikatör published the new answer “Is the phone line open this afternoon\?”/,
  );
  await page.context().close();
});
