// Drives the participant page in headless Chromium for tests/share_page.rs: one browser, a few
// scenarios, one JSON line of findings on stdout (the Rust test checks them and the session).
//
// Environment: JOIN_URL (the page), VOTING_URL (a session at its voting step), CHROMIUM (the
// browser), SHOT (where to write a screenshot); to look at pages by hand, FULL_SHOT and
// VOTING_SHOT (whole-page screenshots).
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const url = process.env.JOIN_URL;
const phone = { viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
const findings = {};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// Runs one scenario in a fresh context (its own storage), recording dialogs and page errors.
async function scenario(name, options, body) {
  const context = await browser.newContext({ ...phone, ...options });
  const page = await context.newPage();
  const seen = { dialogs: [], errors: [], csp: [] };
  page.on("dialog", (d) => {
    seen.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.csp.push(m.text());
  });
  try {
    findings[name] = { ...(await body(page, context)), ...seen };
  } catch (e) {
    findings[name] = { failed: String(e && e.stack ? e.stack : e), ...seen };
  } finally {
    await context.close();
  }
}

// axe-core's violations in the page as it is now. The page's CSP refuses added script
// elements; evaluate runs outside it.
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.html).slice(0, 3),
    }));
  });
}

const receivedText = (page) =>
  page.locator("#status .received").filter({ hasText: "Received ✓" }).first();

// a. With JavaScript: choose table B, write, pick a kind, send; "Received ✓" after the 201.
await scenario("js", {}, async (page) => {
  await page.goto(url);
  await page.getByLabel(/Table B/).check();
  await page.getByLabel("Your note").fill("A bus that runs after the late shift (from the browser)");
  await page.getByLabel(/Idea/).check();
  const before = await page.locator("#status").innerText();
  await page.getByRole("button", { name: "Send note" }).click();
  await receivedText(page).waitFor({ timeout: 10000 });
  const shot = process.env.SHOT;
  await page.screenshot({ path: shot });
  return {
    statusBefore: before,
    status: await page.locator("#status").innerText(),
    sentList: await page.locator("#sent-list").innerText(),
    takeBackButtons: await page.getByRole("button", { name: /take it back/ }).count(),
    tableLine: await page.locator("#table-chosen").innerText(),
    remembered: await page.evaluate(() => localStorage.getItem("convene.table")),
    stepTitle: await page.locator("#step-title").innerText(),
    width: await page.evaluate(() => document.documentElement.scrollWidth),
    shot,
  };
});

// b. Without JavaScript: the plain form posts and the answer page says it is saved.
await scenario("nojs", { javaScriptEnabled: false }, async (page) => {
  await page.goto(url + "/t/B");
  const preselected = await page.getByLabel(/Table B/).isChecked();
  await page.getByLabel("Your note").fill("Childcare at the job fair (no script)");
  await page.getByLabel(/Question/).check();
  await Promise.all([
    page.waitForNavigation(),
    page.getByRole("button", { name: "Send note" }).click(),
  ]);
  return {
    preselected,
    status: await page.locator("#status").innerText(),
    seq: await page.locator("input[name=seq]").inputValue(),
  };
});

// c. axe-core in the page: nothing serious or critical (with the table list open and a note
// in the sent list, so the script-built parts are checked too).
await scenario("axe", {}, async (page) => {
  await page.goto(url);
  await page.getByLabel(/Table B/).check();
  await page.getByLabel("Your note").fill("Checked for accessibility");
  await page.getByRole("button", { name: "Send note" }).click();
  await receivedText(page).waitFor({ timeout: 10000 });
  await page.getByRole("button", { name: "Change table" }).click();
  if (process.env.FULL_SHOT) await page.screenshot({ path: process.env.FULL_SHOT, fullPage: true });
  return { violations: await axe(page) };
});

// d. Hostile text: a table named like markup, and a note that is a script, stay text.
await scenario("hostile", {}, async (page) => {
  await page.addInitScript(() => {
    window.__pwned = 0;
    window.alert = () => (window.__pwned += 1);
  });
  await page.goto(url);
  const hostileTable = page.locator("input[name=table][value=A]");
  await hostileTable.check();
  await page.getByLabel("Your note").fill("<script>alert(1)</script>");
  await page.getByRole("button", { name: "Send note" }).click();
  await receivedText(page).waitFor({ timeout: 10000 });
  await page.getByRole("button", { name: "Change table" }).click();
  return {
    pwned: await page.evaluate(() => window.__pwned),
    images: await page.locator("img").count(),
    scripts: await page.evaluate(() => document.scripts.length),
    tableLabel: await hostileTable.locator("xpath=..").innerText(),
    sentList: await page.locator("#sent-list").innerText(),
  };
});

// e. A lost answer: the note reaches the laptop but the phone never hears back, so it sends
// again (same client and seq); a note queued while offline survives a reload.
await scenario("retry", {}, async (page) => {
  await page.goto(url);
  await page.getByLabel(/Table B/).check();
  let posts = 0;
  await page.route("**/notes", async (route) => {
    posts += 1;
    if (posts === 1) {
      await route.fetch(); // reaches the server and is saved
      await route.abort("connectionreset"); // but the phone hears nothing
    } else {
      await route.continue();
    }
  });
  await page.getByLabel("Your note").fill("Sent once, answered late");
  await page.getByRole("button", { name: "Send note" }).click();
  await page.locator("#status .waiting").waitFor({ timeout: 10000 });
  await receivedText(page).waitFor({ timeout: 15000 });
  await page.unroute("**/notes");
  const retried = posts;

  await page.route("**/notes", (route) => route.abort("internetdisconnected"));
  await page.getByLabel("Your note").fill("Written offline, sent after a reload");
  await page.getByRole("button", { name: "Send note" }).click();
  await page.locator("#status .waiting").waitFor({ timeout: 10000 });
  const queued = await page.evaluate(() => localStorage.getItem("convene.queue"));
  await page.reload();
  await page.locator("#status .waiting").waitFor({ timeout: 10000 });
  const waitingAfterReload = await page.locator("#sent-list").innerText();
  await page.unroute("**/notes");
  await receivedText(page).waitFor({ timeout: 20000 });
  return {
    retried,
    queued,
    waitingAfterReload,
    queueAfter: await page.evaluate(() => localStorage.getItem("convene.queue")),
    sentList: await page.locator("#sent-list").innerText(),
  };
});

// f. Taking a note back: within ten minutes, from the phone that sent it.
await scenario("takeback", {}, async (page) => {
  await page.goto(url + "?table=B");
  await page.getByLabel("Your note").fill("On second thoughts, not this");
  await page.getByRole("button", { name: "Send note" }).click();
  await receivedText(page).waitFor({ timeout: 10000 });
  await page.getByRole("button", { name: /take it back/ }).click();
  await page.getByText("Taken back.").waitFor({ timeout: 10000 });
  return {
    sentList: await page.locator("#sent-list").innerText(),
    buttons: await page.getByRole("button", { name: /take it back/ }).count(),
  };
});

// g. While the room votes: sending waits (and says why), dots go on and come off themes.
await scenario("voting", {}, async (page) => {
  let polls = 0;
  page.on("request", (r) => {
    if (r.url().includes("/state")) polls += 1;
  });
  await page.goto(process.env.VOTING_URL + "/t/B");
  await page.locator("#voting").waitFor({ state: "visible", timeout: 10000 });
  const left = page.locator("#dots-left");
  const more = () => page.getByRole("button", { name: "One more dot on: Transport to work" });
  const fewer = () => page.getByRole("button", { name: "One dot fewer on: Transport to work" });
  const before = await left.innerText();
  await more().click();
  await page.getByText("Dots left: 2 of 3.").waitFor({ timeout: 10000 });
  await more().click();
  await page.getByText("Dots left: 1 of 3.").waitFor({ timeout: 10000 });
  await fewer().click();
  await page.getByText("Dots left: 2 of 3.").waitFor({ timeout: 10000 });
  if (process.env.VOTING_SHOT) await page.screenshot({ path: process.env.VOTING_SHOT, fullPage: true });
  // A second with nothing changing: the page waits on one long poll, it does not ask again.
  const pollsBefore = polls;
  await page.waitForTimeout(1000);
  return {
    pollsInAQuietSecond: polls - pollsBefore,
    violations: await axe(page),
    before,
    after: await left.innerText(),
    sendDisabled: await page.getByRole("button", { name: "Send note" }).isDisabled(),
    closedShown: await page.locator("#closed").isVisible(),
    themes: await page.locator("#theme-list").innerText(),
    images: await page.locator("img").count(),
    status: await page.locator("#dots-status").innerText(),
  };
});

await browser.close();
process.stdout.write(JSON.stringify(findings) + "\n");
