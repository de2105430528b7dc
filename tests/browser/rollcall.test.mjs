// 06:30, the office is closed: the crisis lead starts a roll-call; a member of staff opens the
// link in their mail on a phone, without signing in, and answers in one tap; the lead's board
// moves by itself.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { join } from "node:path";
import { startApp, launchBrowser, signedIn, screenshots } from "./harness.mjs";

// A small SMTP peer on loopback that keeps every message it accepts.
function smtpPeer() {
  const messages = [];
  const server = createServer((socket) => {
    let data = false, buffer = "", current = { to: [], body: "" };
    socket.write("220 peer ESMTP\r\n");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let i;
      while ((i = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (data) {
          if (line === ".") {
            data = false;
            messages.push(current);
            current = { to: [], body: "" };
            socket.write("250 queued\r\n");
          } else current.body += (line.startsWith(".") ? line.slice(1) : line) + "\n";
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") socket.write("250 peer\r\n");
        else if (verb === "RCPT") { current.to.push(line.replace(/.*<(.*)>.*/, "$1")); socket.write("250 ok\r\n"); }
        else if (verb === "DATA") { data = true; socket.write("354 go on\r\n"); }
        else if (verb === "QUIT") { socket.write("221 bye\r\n"); socket.end(); }
        else socket.write("250 ok\r\n");
      }
    });
    socket.on("error", () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ port: server.address().port, messages, close: () => server.close() })),
  );
}

async function until(what, check, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}

let app, browser, smtp;
before(async () => {
  smtp = await smtpPeer();
  app = await startApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  app?.stop();
  smtp?.close();
});

test("a roll-call is answered in one tap from the link in a mail, and the board moves by itself", async () => {
  const desk = await signedIn(browser, app.base, "lead@demo.example", { phone: false, locale: "en-GB" });
  await desk.goto(`${app.base}/rollcalls`);
  await desk.fill("#field-message", "The office at Storgatan is closed today. Where will you work?");
  await desk.fill("#field-deadline_minutes", "45");
  await desk.click("form.card button.primary");
  await desk.locator("#board[data-events-ready]").waitFor({ state: "attached" });
  const before = Number(await desk.locator("[data-answered]").getAttribute("data-answered"));

  const mail = await until("staff01's mail arrives", () =>
    smtp.messages.find((m) => m.to.includes("staff01@demo.example")),
  );
  const body = mail.body.replace(/=\n/g, "").replace(/=3D/g, "=");
  const link = body.match(/https?:\/\/[^\s"<>]+\/r\/[A-Za-z0-9_-]+/)[0].replace(/^https?:\/\/[^/]+/, app.base);

  // A phone that has never signed in opens the link: the question and five buttons.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "sv-SE", isMobile: true, hasTouch: true });
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
