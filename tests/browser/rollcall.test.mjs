// 06:30, the office is closed: the crisis lead starts a roll-call; a member of staff opens the
// link in their mail on a phone, without signing in, and answers in one tap; the lead's board
// moves by itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { signedIn, screenshots, until, withMailAndBrowser } from "./harness.mjs";

const world = withMailAndBrowser(before, after);

test("a roll-call is answered in one tap from the link in a mail, and the board moves by itself", async () => {
  const desk = await signedIn(world.browser, world.app.base, "lead@demo.example", { phone: false, locale: "en-GB" });
  await desk.goto(`${world.app.base}/rollcalls`);
  await desk.fill("#field-message", "The office at Storgatan is closed today. Where will you work?");
  await desk.fill("#field-deadline_minutes", "45");
  await desk.click("form.card button.primary");
  await desk.locator("#board[data-events-ready]").waitFor({ state: "attached" });
  const before = Number(await desk.locator("[data-answered]").getAttribute("data-answered"));

  const mail = await until("staff01's mail arrives", () =>
    world.smtp.messages.find((m) => m.to.includes("staff01@demo.example")),
  );
  const body = mail.body.replace(/=\n/g, "").replace(/=3D/g, "=");
  const link = body.match(/https?:\/\/[^\s"<>]+\/r\/[A-Za-z0-9_-]+/)[0].replace(/^https?:\/\/[^/]+/, world.app.base);

  // A phone that has never signed in opens the link: the question and five buttons.
  const phone = await world.browser.newContext({ viewport: { width: 390, height: 844 }, locale: "sv-SE", isMobile: true, hasTouch: true });
  const tab = await phone.newPage();
  await tab.goto(link);
  assert.match(await tab.locator("p.rollcall-message").innerText(), /Storgatan/);
  assert.equal(await tab.locator("form.rollcall-answers button").count(), 5);
  const box = await tab.locator("form.rollcall-answers button").first().boundingBox();
  assert.ok(box.height >= 44 && box.width >= 200, "buttons big enough to tap");
  await tab.screenshot({ path: join(screenshots, "rollcall-phone.png"), fullPage: true });
  await tab.locator("button[value=remote]").tap();
  assert.match(await tab.locator("p.notice").innerText(), /Working remotely|Arbetar på distans/);
  assert.equal(await tab.locator("button[value=remote]").getAttribute("aria-pressed"), "true");

  // The lead's board has moved without a reload.
  await until("the board shows the answer", async () =>
    Number(await desk.locator("[data-answered]").getAttribute("data-answered")) === before + 1,
  );
  await phone.close();
  await desk.context().close();
});
