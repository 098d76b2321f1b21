// The card in Firefox (Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core): it renders live
// data without errors, the keyboard flows whose focus handling differs between engines work (a
// keyboard-only stop, Kill hiding while it has keyboard focus), it works under the strict
// Content-Security-Policy, axe-core finds no violation, and the list request leaves before the first render.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import puppeteer from "puppeteer-core";
import { startSim, apiRequests, eventually, sleep, recordFirstListRequest, ACCOUNT, JOB, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => {
  sim = await startSim(["--stop-delay-ms", "800"]);
  browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
    headless: true,
  });
});
after(async () => { await browser?.close(); await sim?.stop(); });

/** Opens the test card page in a fresh Firefox context; `errors` collects page errors and console errors. */
async function open(params, server = sim, preload = null, inBrowser = browser) {
  const context = await inBrowser.createBrowserContext();
  const page = await context.newPage();
  if (preload) await page.evaluateOnNewDocument(preload);
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") errors.push(`console: ${m.text()}`); });
  const query = new URLSearchParams({ account: ACCOUNT, job: JOB, execution: RUNNING_ID, ...params });
  await page.goto(`${server.url}/e2e/card.html?${query}`);
  // the status, then the card body (built a task after the first status)
  const status = async (s, timeout = 15_000) => {
    await page.waitForSelector(`.rw-card [data-status="${s}"]`, { timeout });
    await page.waitForSelector(".rw-card[data-state=loaded]", { timeout });
  };
  const focused = () => page.evaluate(() => document.activeElement?.textContent ?? null);
  const button = (name) => page.evaluateHandle((n) => [...document.querySelectorAll(".rw-card button")].find((b) => b.textContent === n), name);
  return { context, page, errors, status, focused, button };
}

test("Firefox: the card shows live data, timers and facts, with no page or console error", async () => {
  const { context, page, errors, status } = await open({});
  await status("RUNNING");
  const card = await page.$eval(".rw-card", (c) => ({
    badge: c.querySelector("[data-status]").textContent,
    rows: c.querySelectorAll(".rw-timers tbody tr").length,
    running: c.querySelector(".rw-timers__open .rw-running")?.textContent,
    said: c.querySelector(":scope > [role=status]").textContent,
  }));
  assert.match(card.badge, /Running/);
  assert.ok(card.rows >= 1, "timer rows");
  assert.equal(card.running, "running");
  assert.equal(card.said, "", "the first status is the card's content, not an announcement (changes are: stop.test.js)");
  // the elapsed time is live
  const before = await page.$eval(".rw-timers__open .rw-timers__duration", (d) => d.textContent);
  await eventually(async () => (await page.$eval(".rw-timers__open .rw-timers__duration", (d) => d.textContent)) !== before, 3_000, "a ticking clock");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Firefox keyboard only: type the expiry, Tab to Stop, Enter, Escape, Enter, Enter; focus stays on Stop", async () => {
  const { context, page, errors, status, focused } = await open({ poll: "1" });
  await status("RUNNING");
  await page.focus(".rw-card .rw-field input");
  await page.keyboard.down("Control"); await page.keyboard.press("a"); await page.keyboard.up("Control");
  await page.keyboard.type("12");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "Stop");
  await page.keyboard.press("Enter");
  assert.equal(await focused(), "Confirm stop", "focus moves to Confirm");
  await page.keyboard.press("Escape");
  assert.equal(await page.$$eval(".rw-confirm:not([hidden])", (c) => c.length), 0, "Escape closes the confirmation");
  await eventually(async () => (await focused()) === "Stop", 2_000, "focus back on Stop");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await status("STOPPING", 5_000);
  const stops = await apiRequests(sim, { method: "POST", pathIncludes: `${RUNNING_ID}/stop` });
  assert.equal(stops.length, 1);
  assert.deepEqual(JSON.parse(stops[0].body), { expiryDuration: 12 });
  assert.match(stops[0].headers["authorization"], /^Bearer /);
  await status("STOPPED", 10_000);
  await sleep(300);
  assert.equal(await focused(), "Stop", "focus still on Stop once it no longer applies");
  assert.equal(await page.$eval(".rw-card .rw-btn--danger", (b) => b.getAttribute("aria-disabled")), "true");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Firefox: Kill hiding while it has keyboard focus (the execution ended) hands focus to Stop", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000ff05";
  // its stop takes a minute, so the card sees the restart below, never STOPPED
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, stop_delay_ms: 60_000 });
  const { context, page, errors, status, focused, button } = await open({ execution: id, poll: "1" });
  await status("RUNNING");
  await page.focus(".rw-card .rw-field input");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await status("STOPPING", 5_000);
  // someone restarts it before the signal expires: RUNNING again, and Kill is offered
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 1_000 });
  await status("RUNNING", 10_000);
  await page.waitForFunction(() => [...document.querySelectorAll(".rw-actions button")].some((b) => b.textContent === "Kill" && !b.hidden), { timeout: 5_000 });
  await (await button("Kill")).focus();
  assert.equal(await focused(), "Kill");
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 2_000 });
  await status("SUCCESS", 10_000);
  await eventually(async () => (await focused()) === "Stop", 3_000, "focus on Stop");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Firefox under the strict Content-Security-Policy: the card loads, stops and settles with no violation", async () => {
  const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const strict = await startSim(["--csp", policy, "--stop-delay-ms", "800"]);
  try {
    // every violation from before the page's first script runs
    const { context, page, errors, status, button } = await open({ poll: "1" }, strict, () => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective));
    });
    await status("RUNNING");
    // the stylesheet applies (style-src 'self' allows the <link>)
    assert.notEqual(await page.$eval(".rw-card", (c) => getComputedStyle(c).borderTopStyle), "none");
    await (await button("Stop")).click();
    await (await button("Confirm stop")).click();
    await status("STOPPED", 10_000);
    assert.equal((await apiRequests(strict, { method: "POST", pathIncludes: "/stop" })).length, 1);
    assert.deepEqual(await page.evaluate(() => window.__violations), [], "no violation while loading, stopping and settling");
    assert.deepEqual(errors, []);
    // the check is live: a planted inline script is refused and reported
    await page.evaluate(() => { const s = document.createElement("script"); s.textContent = "window.__ran = 1"; document.body.append(s); });
    await eventually(async () => (await page.evaluate(() => window.__violations.length)) > 0, 5_000, "the planted script's violation");
    assert.deepEqual(await page.evaluate(() => window.__violations), ["script-src-elem"], "only the planted script");
    assert.equal(await page.evaluate(() => window.__ran), undefined);
    await context.close();
  } finally {
    await strict.stop();
  }
});

for (const scheme of ["light", "dark"]) test(`Firefox, ${scheme}: axe-core finds no violation in the running card and its open confirmation`, async () => {
  const id = `0c0f1e00-0000-4000-8000-00000000ff0${scheme === "dark" ? "d" : "a"}`;
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  // WebDriver BiDi in Firefox ESR has no media emulation: a browser whose content prefers dark instead
  const dark = scheme === "dark" && await puppeteer.launch({
    browser: "firefox", executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr", headless: true,
    extraPrefsFirefox: { "layout.css.prefers-color-scheme.content-override": 0 },
  });
  const { context, page, status, button } = await open({ execution: id }, sim, null, dark || browser);
  assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), scheme === "dark", "the colour scheme");
  await status("RUNNING");
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
  const check = async (what) => {
    const { violations, passed } = await page.evaluate(async () => {
      const r = await axe.run(".rw-card", { resultTypes: ["violations"] });
      return { violations: r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`), passed: r.passes.map((p) => p.id) };
    });
    assert.deepEqual(violations, [], `${scheme}, ${what}`);
    assert.ok(passed.includes("button-name") && passed.includes("label") && passed.includes("color-contrast"), `${what}: axe checked the controls and contrast (${passed})`);
  };
  await check("running");
  await (await button("Stop")).click();
  await page.waitForSelector(".rw-confirm:not([hidden])");
  await check("confirmation open");
  await context.close();
  if (dark) await dark.close();
});

test("Firefox keyboard only: sign in with the Login API, focus lands on the card's title; Copy says what it copied", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000ff51";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { context, page, errors, status, focused } = await open({ auth: "none", execution: id });
  await page.waitForSelector(".rw-card form.rw-sign-in");
  assert.equal(await page.$eval(".rw-badge__text", (b) => b.textContent), "Sign-in needed");
  await page.focus(".rw-card form.rw-sign-in input");
  await page.keyboard.type("demo");
  await page.keyboard.press("Tab");
  await page.keyboard.type("demo");
  await page.keyboard.press("Enter");
  await status("RUNNING");
  assert.equal(await page.$$eval(".rw-card form.rw-sign-in", (f) => f.length), 0, "the form goes away");
  await eventually(async () => /^Runner execution \S/.test(await focused() ?? ""), 3_000, "focus on the card's title");
  const logins = await apiRequests(sim, { method: "POST", pathIncludes: "/v2/authentication/login" });
  assert.ok(logins.length >= 1 && logins.every((r) => !r.headers.authorization), "login carries no bearer token");
  // Copy (Firefox grants clipboard writes to a click on a secure origin such as 127.0.0.1)
  await page.click(".rw-card .rw-id button");
  await eventually(async () => /Copied execution id\./.test(await page.$eval(".rw-card > [role=status]", (r) => r.textContent)), 3_000, "copy announced");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Firefox: with a token provider that answers at once, the list request leaves before the card's first render", async () => {
  const login = await fetch(`${sim.url}/__sim/token`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ account: ACCOUNT }),
  });
  const token = (await login.json()).bearerToken;
  // as first-render.test.js: fetch wrapped to record whether the card existed when the list request left,
  // and card.js's provider replaced by one whose answer is already settled
  const preload = `(${recordFirstListRequest})();
    Object.defineProperty(window, "getToken", { configurable: true, get: () => async () => ${JSON.stringify(token)}, set: () => {} });`;
  const { context, page, errors } = await open({}, sim, preload);
  // any real status (the tests before this one have stopped the execution)
  await page.waitForSelector(".rw-card [data-status]", { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__renderedAtFirstList), false, "no card yet when the list request left");
  assert.deepEqual(errors, []);
  await context.close();
});
